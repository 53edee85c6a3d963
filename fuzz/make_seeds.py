#!/usr/bin/env python3
"""Writes the committed seed corpus, fuzz/seeds/<target>/, from the catalog (templates/)
and the test inputs (tests/fixtures/), for every target but catalog_file (whose seeds
`TIDINGS_BLESS=1 cargo test --test fuzz_seeds` writes). Rerun after the catalog changes:
    python3 fuzz/make_seeds.py
Each seed is in the input format its target's header comment describes."""
import hashlib, json, pathlib, shutil, tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
manifest = tomllib.loads((ROOT / "templates" / "manifest.toml").read_text())
messages = manifest["messages"]
CHANNEL_PARTS = {"sms": ["sms"], "push": ["push.title", "push.body"],
                 "email": ["email.subject", "email.html", "email.text"],
                 "inApp": ["inApp.title", "inApp.body"]}
LOCALES = sorted(manifest["catalog"]["locales"])  # as `MessageInfo.locales` lists them


def parts(path):
    """Part name -> source of a template file, split at `--- <part>` lines."""
    out, name, lines = {}, None, []
    for line in path.read_text().splitlines():
        if line.startswith("--- "):
            if name:
                out[name] = "\n".join(lines).strip("\n").rstrip()
            name, lines = line[4:].strip(), []
        else:
            lines.append(line)
    if name:
        out[name] = "\n".join(lines).strip("\n").rstrip()
    return out


def example(m):
    return {v["name"]: v["example"] for v in m.get("variables", []) if "example" in v}


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


# catalog_file's seeds are compiled catalogs, which tests/fuzz_seeds.rs writes (Rust
# compiles them); this script leaves them alone.
for target in ["template", "lint_source", "render_data", "batch_jsonl", "sms_info", "negotiate"]:
    shutil.rmtree(SEEDS / target, ignore_errors=True)
sources = []  # (message index, message, locale, part, source)
for i, m in enumerate(messages):
    for locale in LOCALES:
        f = ROOT / "templates" / "messages" / m["id"] / f"{locale}.hbs"
        for part, src in parts(f).items():
            sources.append((i, m, locale, part, src))
for p in sorted((ROOT / "templates" / "partials").glob("*/*.hbs")):
    sources.append((0, messages[0], p.stem, "sms", p.read_text().strip()))

# Hand-written sources: the limits and the constructs the review probed.
tricky = [
    "{{#each xs}}{{@index}}{{this}}{{#if @first}}F{{/if}}{{else}}none{{/each}}",
    "{{#with o}}{{a}}{{#each b}}{{this}}{{@index}}{{/each}}{{/with}}",
    "{{plural n zero=\"none\" one=\"# item\" other=\"# items\"}} {{number n decimals=2}}",
    "{{money m}} {{datetime t}} {{date t}} {{time t}} {{list xs}} {{len xs}}",
    "{{maskPhone phone}} {{maskName x}} {{maskAccount phone}} {{lookup xs 1}}",
    "{{#if (and b (or (eq k 0) (gt n 1)))}}y{{else if (not b)}}n{{else}}z{{/if}}",
    "{{eq \"}}\" " + "(not " * 8 + "true" + ")" * 8 + "}}",
    "{{#each @root.xs}}" * 12 + "{{this}}" + "{{/each}}" * 12,
    "{{#if b}}" * 64 + "x" + "{{/if}}" * 64,
    "\\{{x}} \\\\{{x}} {{!-- {{x}} --}} {{! c }} {{~x~}}",
    "{{> antifraud}}" * 8,
    "{{{x}}} {{& x}} {{#*inline \"p\"}}{{/inline}} {{a.[0]}}",
]
for j, src in enumerate(tricky):
    sources.append((j % len(messages), messages[j % len(messages)], LOCALES[j % 3], "sms", src))

for n, (i, m, locale, part, src) in enumerate(sources):
    tag = hashlib.sha1(src.encode()).hexdigest()[:8]
    # template: flags = locale index, "check against message" when it is a catalog part.
    flags = (LOCALES.index(locale) if locale in LOCALES else 0) | (4 if n % 2 else 0) | ((i % 8) << 3)
    write("template", f"{n:03}-{tag}", bytes([flags]) + src.encode())
    # lint_source: message, locale and part indices, then the source.
    chans = [c for c in CHANNEL_PARTS if c in m["channels"]]
    plist = [p for c in chans for p in CHANNEL_PARTS[c]]
    pi = plist.index(part) if part in plist else 0
    li = LOCALES.index(locale) if locale in LOCALES else 0
    write("lint_source", f"{n:03}-{tag}", bytes([i, li, pi]) + src.encode())

# render_data: each example, and a few odd variations of it.
for i, m in enumerate(messages):
    ex = example(m)
    write("render_data", f"{i}-example.json", json.dumps(ex, ensure_ascii=False))
    odd = dict(ex)
    for v in m.get("variables", []):
        if v["type"] == "string":
            odd[v["name"]] = "\u202ebit.ly/x +86 138-1234-5678"
        elif v["type"] == "money":
            odd[v["name"]] = {"amount": "00012", "currency": "XYZ"}
        elif v["type"] == "datetime":
            odd[v["name"]] = "2026-11-28T01:30:00+25:00"
    odd["@tz"] = "America/St_Johns"
    write("render_data", f"{i}-odd.json", json.dumps(odd, ensure_ascii=False))

# batch_jsonl: the fixture, and one record per message.
fixture = (ROOT / "tests" / "fixtures" / "batch" / "mixed.jsonl").read_bytes()
write("batch_jsonl", "mixed", b"\x00" + fixture)
write("batch_jsonl", "mixed-annotated", b"\x01" + fixture)
lines = [json.dumps({"id": i, "message": m["id"], "locale": LOCALES[i % 3], "data": example(m)},
                    ensure_ascii=False) for i, m in enumerate(messages)]
write("batch_jsonl", "examples", b"\x00" + "\n".join(lines).encode() + b"\n")
write("batch_jsonl", "examples-crlf-bom", b"\x00\xef\xbb\xbf" + "\r\n".join(lines).encode())
write("batch_jsonl", "annotations", b"\x01" + b'{"@line":7,"message":"welcome"}\n{"@error":"bad row"}\n \n{"id":[1],"@line":2}\n')
write("batch_jsonl", "escaped-annotations", b"\x00" + b'{"id":1,"message":"welcome","\\u0040line":99}\n{"@\\u0065rror":"x"}\n')

# sms_info: every SMS source as text, and the edges of the tables.
for n, (_, _, _, part, src) in enumerate(sources):
    if part == "sms":
        write("sms_info", f"{n:03}", src)
for name, text in {"gsm-160": "a" * 160, "gsm-161": "a" * 161, "ext": "€[]{}" * 40,
                   "ucs2-70": "汉" * 70, "ucs2-71": "汉" * 71, "emoji-edge": "汉" * 66 + "😀" + "汉" * 66,
                   "esc": "\x1b" + "a" * 100, "empty": ""}.items():
    write("sms_info", name, text)

# negotiate: raw bytes for `arbitrary`; a few that decode to real tags.
for n, tag in enumerate(["zh-HK", "en-US", "zh-Hant-HK-u-nu-hanidec", "yue", "zh-min-nan", "und", "x-private"]):
    write("negotiate", f"{n}", bytes([0]) + tag.encode())
write("negotiate", "list", bytes([1, 3]) + b"\x05fr-FRzh-MOen")
