"""Printing an evaluation as a markdown table, and writing its errors for analysis."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.gold import GoldAttribution, Ranges, context
from pipeline.evaluation.metrics import Predicted, Tally, ranges_overlap
from pipeline.evaluation.polnear import CRITERIA, MAIN_CRITERION, SUBSETS, ArticleResult, Evaluation
from pipeline.evaluation.who import WhoScores
from pipeline.labels import KINDS


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def format_evaluation(evaluation: Evaluation) -> str:
    """The figures of every system as a markdown table plus accuracy lines."""
    names = [s.name for s in evaluation.systems]
    header = "| subset | match | " + " | ".join(f"{n} P | {n} R | {n} F1" for n in names) + " |"
    lines = [
        f"PolNeAR {evaluation.split}: {evaluation.articles} articles, {evaluation.gold:,} gold attributions "
        f"({evaluation.gold_speech:,} with a speech-verb cue)",
        "",
        header,
        "|" + "---|" * (2 + 3 * len(names)),
    ]
    for subset in ("speech", "all"):
        for criterion, _, _ in CRITERIA:
            cells = []
            for system in evaluation.systems:
                t = system.tally(criterion, subset)
                cells += [_pct(t.precision), _pct(t.recall), _pct(t.f1)]
            lines.append(f"| {subset} | {criterion} | " + " | ".join(cells) + " |")
    lines.append("")
    for system in evaluation.systems:
        for subset in SUBSETS:
            if subset not in system.speaker:
                continue
            speaker, cue = system.speaker[subset], system.cue.get(subset, Tally())
            recall = ", ".join(
                f"{kind} {_pct(system.kind_recall[(subset, kind)].recall)}"
                for kind in KINDS
                if (subset, kind) in system.kind_recall
            )
            lines += [
                f"{system.name}, {subset}: speaker accuracy {_pct(speaker.recall)} ({speaker.matched}/{speaker.gold}), "
                f"cue accuracy {_pct(cue.recall)} ({cue.matched}/{cue.gold}); recall by kind: {recall} ({MAIN_CRITERION})",
            ]
        lines.append(f"{system.name}: {system.predicted:,} predictions, {system.failures} documents failed")
    if evaluation.who is not None:
        lines += ["", *format_who(evaluation.who)]
    return "\n".join(lines)


def _prf(tally: Tally) -> str:
    return f"{_pct(tally.precision)} / {_pct(tally.recall)} / {_pct(tally.f1)}"


def format_who(who: WhoScores) -> list[str]:
    """Resolved speakers, people and gender figures as a markdown table."""
    lines = ["| who (annotated resolved speakers and people) | ours |", "|---|---|"]
    for subset in ("speech", "all"):
        if subset in who.speaker:
            tally = who.speaker[subset]
            figure = f"{_pct(tally.recall)} ({tally.matched}/{tally.gold})"
            lines.append(f"| resolved speaker, {subset} quotes matched at {MAIN_CRITERION} | {figure} |")
    lines += [
        f"| people per article P / R / F1 | {_prf(who.people)} |",
        f"| sources per article P / R / F1 | {_prf(who.sources)} |",
    ]
    for group in ("people", "sources"):
        columns = (("gender", "people whose gender the text states"), ("gender_known", "all, gender known to the annotator"))
        for column, gold in columns:
            female, male = who.gender[(group, column, "female")], who.gender[(group, column, "male")]
            lines.append(f"| {group}: gender F1 female / male ({gold}) | {_pct(female.f1)} / {_pct(male.f1)} |")
    return lines


def _snippet(text: str, ranges: Ranges) -> str:
    return " ... ".join(text[s:e] for s, e in ranges).replace("\n", " ")


def _gold_line(text: str, gold: GoldAttribution, speech: bool) -> str:
    return (
        f"  gold {gold.kind}{' speech' if speech else ''} cue={_snippet(text, gold.cue)!r} "
        f"source={_snippet(text, gold.source)!r}\n  {context(text, gold.content[0][0], gold.content[-1][1])}"
    )


def _pred_line(text: str, pred: Predicted) -> str:
    cue, speaker = _snippet(text, pred.cue), _snippet(text, pred.speaker)
    where = context(text, pred.content[0][0], pred.content[-1][1])
    return (
        f"  ours {pred.kind} {pred.cue_type} rule={pred.rule} cue={cue!r} speaker={speaker!r} -> {pred.speaker_name!r}\n  {where}"
    )


def article_errors(result: ArticleResult) -> list[str]:
    """False negatives, false positives and wrong speakers of one article."""
    text, gold = result.article.text, result.article.attributions
    out = []
    matched_preds = set(result.pairs.values())
    for g, attribution in enumerate(gold):
        if g not in result.pairs:
            out.append(f"FN {result.article.name}\n{_gold_line(text, attribution, result.speech[g])}")
            continue
        pred = result.predicted[result.pairs[g]]
        if attribution.source and not ranges_overlap(attribution.source, pred.speaker):
            out.append(
                f"SPEAKER {result.article.name}\n{_gold_line(text, attribution, result.speech[g])}\n{_pred_line(text, pred)}"
            )
    for p, pred in enumerate(result.predicted):
        if p not in matched_preds:
            out.append(f"FP {result.article.name}\n{_pred_line(text, pred)}")
    return out


def write_errors(evaluation: Evaluation, path: Path) -> int:
    """Write every error of our system at the main criterion; return how many."""
    blocks = [block for result in evaluation.results for block in (*article_errors(result), *result.who_errors)]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return len(blocks)
