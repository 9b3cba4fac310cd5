#!/usr/bin/env python3
"""Writes gendeg's man page (roff, man(7) macros) from the help the binary itself carries.

    gendeg --experimental-dump-help | scripts/manpage.py VERSION > gendeg.1

The input is swift-argument-parser's tool description (JSON, serialization version 0): the
same abstracts, discussions, options and defaults that `gendeg SUBCOMMAND --help` prints, so
the page cannot drift from the help. swift-argument-parser's generate-manual plugin does the
same through `swift package`, which builds the package again; scripts/install.sh needs only
the binary it is given (make install-built installs a debug build, as the tests do).
"""
import json
import re
import sys


def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or quote that would read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def paragraphs(text):
    """Discussion text as roff paragraphs; an "Example:" paragraph becomes an indented command line."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = block.strip()
        if not block:
            continue
        if block.startswith("Example:"):
            out += [".PP", "Example:", ".RS 4", ".EX", roff(block[len("Example:"):].strip()), ".EE", ".RE"]
        else:
            out += [".PP", roff(" ".join(block.split()))]
    return out


def flag_names(argument):
    names = []
    for name in argument.get("names", []):
        prefix = "-" if name["kind"] == "short" else "--"
        names.append("\\fB" + roff(prefix + name["name"]) + "\\fR")
    return ", ".join(names)


def label(argument):
    value = "\\fI" + roff(argument.get("valueName", "value")) + "\\fR"
    if argument["kind"] == "positional":
        return value + (" ..." if argument.get("isRepeating") else "")
    if argument["kind"] == "flag":
        return flag_names(argument)
    return flag_names(argument) + " " + value + (" ..." if argument.get("isRepeating") else "")


def synopsis(path, command):
    parts = []
    for argument in visible(command.get("arguments", [])):
        text = label(argument)
        parts.append("[" + text + "]" if argument.get("isOptional") or argument["kind"] == "flag" else text)
    return ['.SY "' + roff(path) + '"'] + parts + [".YS"]


def visible(arguments):
    hidden = {"help", "version"}
    return [a for a in arguments if a.get("shouldDisplay", True)
            and not any(n["name"] in hidden for n in a.get("names", []))]


def options(arguments):
    out = []
    for argument in visible(arguments):
        out += [".TP", label(argument)]
        text = argument.get("abstract", "")
        if argument.get("discussion"):
            text += " " + argument["discussion"]
        if "defaultValue" in argument:
            text += " (default: " + argument["defaultValue"] + ")"
        if argument.get("allValues") and "|" not in text:
            text += " One of: " + ", ".join(argument["allValues"]) + "."
        out.append(roff(" ".join(text.split())))
    return out


def page(tool, version):
    root = tool["command"]
    name = root["commandName"]
    lines = [
        '.TH "%s" "1" "" "%s %s" "User Commands"' % (name.upper(), name, roff(version)),
        ".SH NAME",
        roff(name) + " \\- " + roff(root.get("abstract", "")),
        ".SH SYNOPSIS",
    ]
    subcommands = [c for c in root.get("subcommands", []) if c.get("shouldDisplay", True) and c["commandName"] != "help"]
    for command in subcommands:
        lines += synopsis(name + " " + command["commandName"], command)
    lines += [".SH DESCRIPTION"] + paragraphs(root.get("discussion", ""))
    if visible(root.get("arguments", [])):
        lines += [".SH OPTIONS"] + options(root["arguments"])
    lines += [".SH COMMANDS"]
    for command in subcommands:
        lines += [".SS " + roff(name + " " + command["commandName"]), roff(command.get("abstract", ""))]
        lines += paragraphs(command.get("discussion", ""))
        if visible(command.get("arguments", [])):
            lines += [".PP", "Options:", ".RS 4"] + options(command["arguments"]) + [".RE"]
    lines += [
        ".SH SHELL COMPLETION",
        ".PP",
        roff("`gendeg --generate-completion-script bash|zsh|fish` prints a completion script; "
             "`make install` installs all three."),
        ".SH SEE ALSO",
        ".PP",
        roff("`gendeg help SUBCOMMAND` prints the same text as this page for one subcommand."),
    ]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gendeg --experimental-dump-help | manpage.py VERSION > gendeg.1")
    try:
        tool = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        sys.exit("manpage.py: the input is not the JSON of --experimental-dump-help (%s)" % error)
    if tool.get("serializationVersion") != 0:
        sys.exit("manpage.py: unknown tool description version %r" % tool.get("serializationVersion"))
    sys.stdout.write(page(tool, sys.argv[1]))


if __name__ == "__main__":
    main()
