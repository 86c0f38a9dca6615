"""The assessment forms' own fields (assessments/forms.py)."""

from django import forms

from assessments.forms import PastedText


class Box(forms.Form):
    text = PastedText(max_length=5)


def test_pasted_text_on_its_own_gives_its_box_no_maxlength_and_counts_a_line_break_once():
    # No form mixin needed: the field sets its own widget (a browser would cut a long paste).
    form = Box({"text": "ab\r\ncd"})
    box = str(form["text"])
    assert box.startswith("<textarea") and "maxlength" not in box
    assert form.is_valid() and form.cleaned_data["text"] == "ab\ncd"  # 5 characters, not 6
    assert Box({"text": "ab\r\ncde"}).errors["text"] == [
        "Ensure this value has at most 5 characters (it has 6)."
    ]
