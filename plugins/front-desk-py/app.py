"""front-desk: a small Switchboard specialty plugin written in Python.

Built into a component with componentize-py (pinned in requirements.txt),
against the same WIT contract as the Rust plugins:

    componentize-py -d ../../wit -w specialty-plugin componentize app -o front_desk.wasm

It answers office-hours questions with the practice's configured text,
queues call-back requests for staff, sends emergencies to 911, and answers
on the patient's channel (a text reply, or speech on a call). It behaves
like the Rust SDK template, so it passes the template's conversation tests.
"""

from typing import Optional

from wit_world import exports
from wit_world.exports import plugin
from wit_world.imports import calls, escalation, practice, texts, types
from wit_world.types import Err

NAME = "front-desk"
VERSION = "0.1.0"


def parse_config(text: str) -> str:
    """The office hours, or raise Err with [ConfigError] (path per key)."""
    hours = None
    errors = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            errors.append(plugin.ConfigError(path="", message=f"expected `key = \"value\"`, got {line!r}"))
        elif key.strip() == "hours":
            hours = value.strip().strip('"')
        else:
            errors.append(plugin.ConfigError(path=key.strip(), message="unknown key"))
    if hours is None and not errors:
        errors.append(plugin.ConfigError(path="hours", message="required: the office hours to tell patients"))
    if errors:
        raise Err(errors)
    return hours


class Reply:
    """Answers on the channel the turn arrived on."""

    def __init__(self, turn: plugin.Turn):
        self.voice = turn.channel == types.Channel.VOICE

    def listen(self, text: str) -> None:
        if self.voice:
            options = calls.AskOptions(
                input=calls.InputMode.SPEECH_AND_DTMF, hints=[], timeout_seconds=5, num_digits=None
            )
            calls.ask(text, options)
        else:
            texts.reply(text)

    def end(self, text: str) -> None:
        if self.voice:
            calls.say(text)
            calls.hang_up()
        else:
            texts.reply(text)


class Plugin(exports.Plugin):
    def describe(self) -> plugin.PluginInfo:
        return plugin.PluginInfo(
            name=NAME,
            version=VERSION,
            specialty="front-desk",
            capabilities=[plugin.Capability.TEXTS, plugin.Capability.CALLS, plugin.Capability.ESCALATION],
            config_schema='hours = "text"  # office hours, told to patients word for word',
        )

    def validate_config(self, config: str) -> bytes:
        return parse_config(config).encode("utf-8")

    def handle_turn(self, turn: plugin.Turn, state: Optional[bytes]) -> plugin.TurnOutcome:
        hours = practice.config().decode("utf-8")
        reply = Reply(turn)
        message = (turn.text or "").lower()
        if turn.first_turn and not message:
            reply.listen("Thank you for calling. How can we help?")
            return plugin.TurnOutcome(state=b"", finished=False)
        if "emergency" in message:
            reply.end("If this is a medical emergency, hang up and call 911 now.")
            return plugin.TurnOutcome(state=b"", finished=True)
        if "call me" in message or "callback" in message:
            item = escalation.QueueItem(
                kind=escalation.QueueKind.CALLBACK,
                priority=escalation.Priority.ROUTINE,
                summary="Patient asked for a call back",
                fields=[types.Field(name="callback", value=turn.caller)],
            )
            escalation.enqueue(item)
            reply.end("Thank you. A staff member will call you back.")
            return plugin.TurnOutcome(state=b"", finished=True)
        if "hours" in message or "open" in message:
            reply.listen(f"Our office hours: {hours}.")
        else:
            reply.listen('You can ask about our hours, or say "call me" for a call back.')
        return plugin.TurnOutcome(state=b"", finished=False)

    def on_task(self, task: plugin.Task) -> None:
        return None
