"""Which corpus column plays which role: the user's choice, else common names."""

from __future__ import annotations

import pytest

from pipeline.columns import ColumnSpecError, map_columns, missing_text_message, parse_columns


def test_a_scraped_export_is_recognised_by_its_common_names() -> None:
    columns = map_columns(["body", "headline", "published_at", "outlet", "url", "section"])
    assert columns.roles == {"text": "body", "title": "headline", "date": "published_at", "publisher": "outlet"}
    assert columns.kept == ("url", "section")


def test_names_are_recognised_whatever_their_case() -> None:
    assert map_columns(["Content", "Title"]).roles == {"text": "Content", "title": "Title"}


def test_the_users_choice_wins_over_common_names() -> None:
    columns = map_columns(["text", "body", "headline"], {"text": "body"})
    assert columns.roles["text"] == "body"
    assert "text" in columns.kept  # the column it did not choose is kept, never dropped


def test_a_column_named_by_the_user_that_is_absent_is_reported_not_guessed() -> None:
    columns = map_columns(["body", "headline"], {"title": "heading"})
    assert columns.missing == {"title": "heading"}
    assert "title" not in columns.roles and "headline" in columns.kept


def test_the_best_common_name_is_used_once() -> None:
    columns = map_columns(["content", "text", "story"])
    assert columns.roles == {"text": "text"} and columns.kept == ("content", "story")


def test_the_columns_option_reads_role_equals_column() -> None:
    assert parse_columns("text=body, title=headline,date=published_at") == {
        "text": "body",
        "title": "headline",
        "date": "published_at",
    }


@pytest.mark.parametrize(
    ("spec", "message"), [("body", "ROLE=COLUMN"), ("words=body", "unknown role 'words'"), ("text=", "ROLE=COLUMN")]
)
def test_a_bad_columns_option_says_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ColumnSpecError, match=message):
        parse_columns(spec)


def test_missing_text_names_the_columns_found_and_the_option() -> None:
    message = missing_text_message(["foo", "bar"], map_columns(["foo", "bar"]))
    assert "columns found: foo, bar" in message and "--columns text=COLUMN" in message


def test_a_role_given_twice_is_an_error() -> None:
    with pytest.raises(ColumnSpecError, match="role 'title' given twice"):
        parse_columns("title=hed,title=when")


def test_columns_named_by_the_user_match_whatever_their_case() -> None:
    assert map_columns(["story", "hed"], {"text": "Story"}).roles["text"] == "story"


@pytest.mark.parametrize(
    ("columns", "message"), [({"headline": "hed"}, "unknown role 'headline'"), ("text=body", "must map role")]
)
def test_the_python_api_checks_its_column_map(columns: object, message: str) -> None:
    from pipeline import ReadOptions, Settings

    for make in (ReadOptions, Settings):
        with pytest.raises(ColumnSpecError, match=message):
            make(columns=columns)
