"""A field's help text sits as close to its label and its box as every other field's, also when
it is a list (the password rules of the sign-up, change-password and reset forms)."""

import pytest
from playwright.sync_api import Page

# For the field of id `id`: the room between its label and the first line of its help text,
# and between the help text's last line and the field's box.
ROOM_AROUND_HELP = """
(id) => {
  const box = (el) => el.getBoundingClientRect();
  const help = document.getElementById(`${id}_helptext`);
  const lines = help.querySelectorAll("li");
  const first = lines.length ? lines[0] : help;
  const last = lines.length ? lines[lines.length - 1] : help;
  return {
    above: box(first).top - box(document.querySelector(`label[for="${id}"]`)).bottom,
    below: box(document.getElementById(id)).top - box(last).bottom,
  };
}
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_password_rules_sit_as_close_to_their_label_and_box_as_any_help_text(
    live_server, page: Page, db, width
):
    # The rules' list kept a browser's paragraph margins: 14 px more room between "Password"
    # and its first rule, and between the last rule and its box, than any other field had,
    # and it was indented twice as deep as the list of errors under it.
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/accounts/signup/")
    rules = page.evaluate(ROOM_AROUND_HELP, "id_password1")
    plain = page.evaluate(ROOM_AROUND_HELP, "id_password2")  # "Enter the same password..."
    assert abs(rules["above"] - plain["above"]) <= 1, (rules, plain)
    assert abs(rules["below"] - plain["below"]) <= 1, (rules, plain)
