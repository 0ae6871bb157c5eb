"""HTML builders: highlighting and escaping."""

from __future__ import annotations

from pipeline.report.markup import Mark, highlight, non_overlapping


def test_outer_and_inner_marks_nest_and_text_is_kept() -> None:
    text = 'Ann said "Bob is here" today.'
    html = str(highlight(text, [Mark(10, 21, "quote", label="Ann")], [Mark(0, 3, "ent", label="PERSON"), Mark(10, 13, "ent")]))
    assert html.startswith('<mark class="ent">Ann<span class="tag">PERSON</span></mark> said &#34;')
    assert '<mark class="quote"><mark class="ent">Bob</mark> is here<span class="tag">Ann</span></mark>' in html
    assert html.endswith("&#34; today.")


def test_inner_marks_are_clipped_to_the_quote() -> None:
    html = str(highlight("abcdef", [Mark(2, 4, "quote")], [Mark(1, 5, "ent")]))
    assert html == 'a<mark class="ent">b</mark><mark class="quote"><mark class="ent">cd</mark></mark><mark class="ent">e</mark>f'


def test_article_text_and_labels_are_escaped() -> None:
    text = "<script>alert(1)</script> & <b>bold</b>"
    html = str(highlight(text, [Mark(0, 8, "quote", label="<i>x</i>", title='"><script>')], []))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html.replace(
        '<span class="tag">&lt;i&gt;x&lt;/i&gt;</span></mark>', ""
    )


def test_overlapping_marks_keep_the_longer() -> None:
    kept = non_overlapping([Mark(0, 5, "a"), Mark(3, 10, "b"), Mark(10, 12, "c")])
    assert [m.css for m in kept] == ["b", "c"]
