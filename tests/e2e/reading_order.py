#!/usr/bin/env python3
"""Reading order of a rendered CV: `pdftotext -raw` text against the text built from the data.

Usage: reading_order.py DATA.toml LAYOUT PDF [--print]

LAYOUT is a built-in layout name (classic, modern, sidebar) or a layout TOML file.
The expected text is what a reader reads, in order: name, tagline/headline, contact items,
then per section its title and content (entries: title, organisation, dates, role,
location, summary, bullets, roles; publications: number, status, authors, title, venue,
year, equal-contribution legend, note; items; text). The layout's conventions are applied
(months, "present", range separator, list labels, curly quotes, -- dashes, upper case).
With a sidebar, the sidebar column (header and its sections) comes before the main column.

Both sides are NFKC-normalised and whitespace-collapsed, then compared word by word:
outside math every word and every word gap must match; inside $math$ spaces are ignored
(extractors split formulas at their own discretion). Footer lines and icon glyphs
(private-use code points) are removed from the PDF text. Exit 0 on equality; else the
first divergence is printed with context and the exit status is 1.
"""
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("CVPDF_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..")))
M0, M1 = "\x01", "\x02"  # math delimiters in the expected text

# English phrases ({t:key}); read from src/style/locale.cpp when it is there.
EN = {"months": ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."],
      "present": "Present", "cv": "Curriculum Vitae", "equal": "Equal Contribution", "page": "page", "of": "of",
      "in": "In", "and": " and ", "and_last": ", and "}


def load_locale():
    path = os.path.join(SRC, "src", "style", "locale.cpp")
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return EN
    m = re.search(r'\{"en",\s*\{([^}]*)\},\s*((?:"[^"]*",?\s*)+)\}', text)
    if not m:
        return EN
    months = re.findall(r'"([^"]*)"', m.group(1))
    rest = re.findall(r'"([^"]*)"', m.group(2))
    if len(months) != 12 or len(rest) < 5:
        return EN
    out = {"months": months, "present": rest[0], "cv": rest[1], "equal": rest[2], "page": rest[3], "of": rest[4]}
    for k, key in enumerate(("in", "and", "and_last")):
        out[key] = rest[5 + k] if len(rest) > 5 + k else EN[key]
    return out


LOC = load_locale()


def translate(s):
    return re.sub(r"\{t:(\w+)\}", lambda m: LOC.get(m.group(1), m.group(0)), s)


def merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_layout(name):
    path = name if name.endswith(".toml") else os.path.join(SRC, "layouts", name + ".toml")
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    parent = spec.pop("extends", None)
    if parent:
        ppath = parent if not parent.endswith(".toml") else os.path.join(os.path.dirname(path), parent)
        spec = merge(load_layout(ppath), spec)
    return spec


# ---------------------------------------------------------------- markup → text
MATH_CMDS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "times": "×", "cdot": "⋅", "pm": "±",
    "mp": "∓", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "mapsto": "↦", "Rightarrow": "⇒",
    "implies": "⟹", "iff": "⟺", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "approx": "≈", "equiv": "≡", "sim": "∼", "infty": "∞", "partial": "∂", "nabla": "∇",
    "forall": "∀", "exists": "∃", "neg": "¬", "ldots": "…", "dots": "…", "cdots": "⋯", "emptyset": "∅",
    "ell": "ℓ", "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√", "langle": "⟨", "rangle": "⟩",
    "vdash": "⊢", "models": "⊨", "sqsubseteq": "⊑", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "ast": "∗", "star": "⋆", "circ": "∘", "oplus": "⊕", "otimes": "⊗", "mid": "∣", "{": "{", "}": "}",
    "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "|": "‖",
}
MATH_DROP = {"mathcal", "mathscr", "mathbf", "mathbb", "mathrm", "mathit", "text", "operatorname",
             "left", "right", "big", "Big", "bigg", "Bigg", ",", ":", ";", "quad", "qquad", " ", "!"}


def math_text(src):
    out = []
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", src[i:])
            cmd = m.group(1)
            i += len(m.group(0))
            if cmd in MATH_DROP:
                continue
            out.append(MATH_CMDS.get(cmd, cmd))  # \log, \max… print their names
        elif c in "{}^_ ~":
            i += 1
        elif c == "-":
            out.append("−")
            i += 1
        elif c == "*":
            out.append("∗")
            i += 1
        elif c == "'":
            out.append("′")
            i += 1
        else:
            out.append(c)
            i += 1
    return M0 + "".join(out) + M1


def opens_quote(prev):
    return prev in ("", " ", "\t", "\n", "\u00a0", "(", "[", "{", "\u2014", "\u2013", "/")


def typographic(s, prev, layout):
    body = layout.get("text", {})
    quotes, dashes = body.get("smart_quotes", True), body.get("dashes", True)
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if dashes and s.startswith("--", i):
            em = s.startswith("---", i)
            out.append("\u2014" if em else "\u2013")
            prev = out[-1]
            i += 3 if em else 2
            continue
        if quotes and c in "'\"":
            nd = i + 1 < len(s) and s[i + 1].isdigit()
            op = opens_quote(prev) and not (c == "'" and nd)
            out.append(("\u2018" if op else "\u2019") if c == "'" else ("\u201c" if op else "\u201d"))
            prev = out[-1]
            i += 1
            continue
        out.append(c)
        prev = c
        i += 1
    return "".join(out), prev


class Para:
    """One paragraph: markup pieces go through the typographic filter with a running
    previous character, as the engine's Paragraph does; plain pieces are taken as is."""

    def __init__(self, layout):
        self.layout, self.prev, self.parts = layout, "", []

    def plain(self, s):
        self.parts.append(s)
        return self

    def markup(self, s):
        if not s:
            return self
        for kind, t in parse_markup(s):
            if kind == "math":
                self.parts.append(math_text(t))
                self.prev = "x"
            else:
                t2, self.prev = typographic(t, self.prev, self.layout)
                self.parts.append(t2)
        return self

    def text(self):
        return "".join(self.parts)


def strip_emphasis(s):
    s = s.replace("***", "").replace("**", "").replace("__", "")
    out = []
    for i, c in enumerate(s):
        p = s[i - 1] if i else " "
        n = s[i + 1] if i + 1 < len(s) else " "
        if c == "*" and not (p.isspace() and n.isspace()) and p != "\x00":
            continue
        if c == "_" and p != "\x00" and not (p.isalnum() and n.isalnum()) and not (p.isspace() and n.isspace()):
            continue
        out.append(c)
    return "".join(out)


def parse_markup(s):
    """[(kind, text)] with kind 'text' or 'math'; links keep their text, escapes their
    character, ~ is a no-break space; emphasis markers go."""
    s = s.strip()
    parts, buf = [], []
    i = 0
    esc = "\x00"  # escaped characters are protected from emphasis stripping

    def flush():
        if buf:
            t = strip_emphasis("".join(buf))
            parts.append(("text", t.replace("\x00", "")))
            buf.clear()

    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
            buf.append(esc + s[i + 1])  # the \x00 before it stops strip_emphasis
            i += 2
        elif c == "~":
            buf.append("\u00a0")
            i += 1
        elif c == "$" and i + 1 < len(s) and not s[i + 1].isspace():
            j = s.index("$", i + 1)
            flush()
            parts.append(("math", s[i + 1:j]))
            i = j + 1
        elif c == "[":
            depth, j = 1, i + 1
            while depth and j < len(s):
                depth += {"[": 1, "]": -1}.get(s[j], 0)
                j += 1
            if j < len(s) and s[j] == "(":
                k, d = j + 1, 1
                while d and k < len(s):
                    d += {"(": 1, ")": -1}.get(s[k], 0)
                    k += 1
                inner = s[i + 1:j - 1]
                flush()
                parts.extend(parse_markup_inner(inner))
                i = k
            else:
                buf.append(c)
                i += 1
        else:
            buf.append(c)
            i += 1
    flush()
    # collapse white space (line breaks inside strings are spaces)
    return [(k, re.sub(r"[ \t\r\n]+", " ", t)) for k, t in parts]


def parse_markup_inner(s):
    return parse_markup(s) if s == s.strip() else parse_markup(s)


def links_of_markup(s):
    return re.findall(r"\]\(([^()\s]*(?:\([^()]*\)[^()\s]*)*)\)", s or "")


# ---------------------------------------------------------------- dates
def fmt_date(v, layout):
    d = layout.get("dates", {})
    months = d.get("months") or LOC["months"]
    present = translate(d.get("present") or LOC["present"])
    nb = "\u00a0"
    if v is None or v == "":
        return ""
    if isinstance(v, datetime.date):
        return f"{months[v.month - 1]}{nb}{v.day},{nb}{v.year}"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if s.strip().lower() in ("present", "now"):
        return present
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if not m:
        return s
    y, mo, da = m.groups()
    if not mo:
        return y
    if da:
        return f"{months[int(mo) - 1]}{nb}{int(da)},{nb}{y}"
    return f"{months[int(mo) - 1]}{nb}{y}"


def dates_para(e, layout):
    """The dates of an entry or role as a Para (markup `dates` wins)."""
    p = Para(layout)
    if e.get("dates"):
        return p.markup(e["dates"])
    if "date" in e:
        return p.plain(fmt_date(e["date"], layout))
    s, en = fmt_date(e.get("start"), layout), fmt_date(e.get("end"), layout)
    sep = layout.get("dates", {}).get("range_separator", "–")
    return p.plain(s + sep + en if s and en else s or en)


# ---------------------------------------------------------------- the CV
def list_lines(items, layout, numbered, bullet, out):
    ls = layout.get("list", {})
    for n, it in enumerate(items, 1):
        label = (ls.get("number_prefix", "") + str(n) + ls.get("number_suffix", ".")) if numbered else \
            (bullet or ls.get("bullet", "•"))
        if isinstance(it, str):
            out.append(label + " " + Para(layout).markup(it).text())
        else:
            out.append(label + " " + Para(layout).markup(it["text"]).text())
            if it.get("items"):
                list_lines(it["items"], layout, it.get("numbered", False), "", out)


def entry_lines(e, layout, stacked, out):
    es = layout.get("entry", {})
    sep = es.get("title_separator", ", ")
    left = Para(layout).markup(e.get("title", ""))
    org = e.get("organisation", e.get("organization", ""))
    if org:
        if e.get("title"):
            left.plain(sep)
        left.markup(org)
    out.append(left.text())
    if stacked:
        out.append(Para(layout).markup(e.get("role", "")).text())
        dl = dates_para(e, layout)
        if e.get("location"):
            if dl.text():
                dl.plain(sep)
            dl.markup(e["location"])
        out.append(dl.text())
    else:
        out.append(dates_para(e, layout).text())
        out.append(Para(layout).markup(e.get("role", "")).text())
        out.append(Para(layout).markup(e.get("location", "")).text())
    if e.get("summary"):
        out.append(Para(layout).markup(e["summary"]).text())
    if e.get("bullets"):
        list_lines(e["bullets"], layout, False, "", out)
    for r in e.get("roles", []):
        role = Para(layout).markup(r["role"])
        if stacked:
            out.append(role.text())
            dl = dates_para(r, layout)
            if r.get("location"):
                if dl.text():
                    dl.plain(sep)
                dl.markup(r["location"])
            out.append(dl.text())
        else:
            if r.get("location"):
                role.plain(sep).markup(r["location"])
            out.append(role.text())
            out.append(dates_para(r, layout).text())
        if r.get("summary"):
            out.append(Para(layout).markup(r["summary"]).text())
        if r.get("bullets"):
            list_lines(r["bullets"], layout, False, "", out)


def pub_lines(pubs, layout, out):
    ps, ls = layout.get("publications", {}), layout.get("list", {})
    for n, pub in enumerate(pubs, 1):
        label = (ls.get("number_prefix", "") + str(n) + ls.get("number_suffix", ".")) if ps.get("numbered", True) \
            else ls.get("bullet", "•")
        p = Para(layout).plain(label + " ")
        if pub.get("status"):
            p.plain("(").markup(pub["status"]).plain(") ")
        authors = pub.get("authors", [])
        equal = False
        for a, name in enumerate(authors):
            if a:
                last = a + 1 == len(authors)
                p.plain(translate(ps.get("author_and_last", "{t:and_last}") if len(authors) > 2
                                  else ps.get("author_and", "{t:and}")) if last else ", ")
            name = name.strip()
            star = name.endswith("*")
            name = name.rstrip("*").strip()
            p.plain(name + ("*" if star else ""))
            equal |= star
        if authors:
            p.plain(". ")
        p.markup(pub["title"])
        if pub.get("venue"):
            p.plain(". " + translate(ps.get("venue_prefix", "{t:in} "))).markup(pub["venue"])
        if "year" in pub:
            p.plain(", " + str(pub["year"]))
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", pub.get("doi", "").strip(), flags=re.I)
        if doi and pub.get("url") and pub["url"] != "https://doi.org/" + doi:
            p.plain(", doi:" + doi)  # with a URL as well, the DOI is printed (the title links to the URL)
        note = translate(ps.get("equal_note", "(*: {t:equal})"))
        if equal and note:
            p.plain(" " + note)
        if pub.get("note"):
            p.plain(" ").markup(pub["note"])
        out.append(p.text())


def section_lines(s, layout, stacked, out):
    hs = layout.get("heading", {})
    title = Para(layout).markup(s["title"]).text()
    out.append(title.upper() if hs.get("uppercase") else title)
    if "entries" in s:
        for e in s["entries"]:
            entry_lines(e, layout, stacked, out)
    elif "publications" in s:
        pub_lines(s["publications"], layout, out)
    elif "items" in s:
        list_lines(s["items"], layout, s.get("numbered", False), s.get("bullet", ""), out)
    elif "text" in s:
        out.append(Para(layout).markup(s["text"]).text())


def strip_scheme(url):
    for pre in ("https://", "http://", "mailto:"):
        if url.startswith(pre):
            return url[len(pre):].rstrip("/")
    return url


def header_lines(person, layout, out):
    ns, cs = layout.get("name", {}), layout.get("contact", {})
    out.append(person["name"])
    if person.get("headline"):
        h = Para(layout).markup(person["headline"]).text()
        # with a tagline in the layout, the headline takes the tagline's style
        up = ns.get("tagline") and ns.get("tagline_style", {}).get("uppercase")
        out.append(h.upper() if up else h)
    elif ns.get("tagline"):
        t = translate(ns["tagline"])
        out.append(t.upper() if ns.get("tagline_style", {}).get("uppercase") else t)
    items = []
    if person.get("email"):
        items.append(person["email"])
    if person.get("phone"):
        items.append(person["phone"])
    if person.get("website"):
        items.append(strip_scheme(person["website"]))
    for l in person.get("links", []):
        items.append(l["label"] or strip_scheme(l["url"]))
    if person.get("location"):
        items.append(person["location"])
    icons = cs.get("icons", False) and layout.get("fonts", {}).get("icons")
    separator = " " if icons else cs.get("separator", "  ·  ")
    if items:
        out.append(separator.join(items))


def sidebar_names(layout):
    cols = layout.get("columns", {})
    if not cols.get("sidebar"):
        return None
    return {re.sub(r"\s+", "", n).lower() for n in cols.get("sidebar_sections", [])}


def plain_title(t):
    return "".join(x for k, x in parse_markup(t) if k == "text")


def expected_text(cv, layout):
    out = []
    side = sidebar_names(layout)
    if side is None:
        header_lines(cv["person"], layout, out)
        for s in cv.get("sections", []):
            section_lines(s, layout, False, out)
    else:
        is_side = lambda s: re.sub(r"\s+", "", plain_title(s["title"])).lower() in side
        if layout["columns"].get("header_in_sidebar", True):
            header_lines(cv["person"], layout, out)
        for s in cv.get("sections", []):
            if is_side(s):
                section_lines(s, layout, True, out)  # a sidebar is narrow: heads stack
        if not layout["columns"].get("header_in_sidebar", True):
            header_lines(cv["person"], layout, out)
        for s in cv.get("sections", []):
            if not is_side(s):
                section_lines(s, layout, False, out)
    return "\n".join(x for x in out if x)


# ---------------------------------------------------------------- comparison
def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub("[\ue000-\uf8ff]", " ", s)   # icon glyphs
    s = s.replace("\u00ad", "")
    return re.sub(r"\s+", " ", s).strip()


def pdf_text(pdf, layout, name):
    txt = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    footer = layout.get("footer", {}).get("text", "")
    if footer:
        pat = re.escape(translate(footer)).replace(re.escape("{name}"), re.escape(name))
        pat = pat.replace(re.escape("{page}"), r"\d+").replace(re.escape("{pages}"), r"\d+")
        txt = re.sub(r"(?m)^\s*" + pat + r"\s*$", "", txt)
    return txt


def compare(exp, got):
    """Walk both texts; return None or the (exp_pos, got_pos) of the first divergence."""
    i = j = 0
    in_math = False
    while i < len(exp):
        c = exp[i]
        if c == M0:
            in_math = True
            i += 1
            while j < len(got) and got[j] == " ":
                j += 1
            continue
        if c == M1:
            in_math = False
            i += 1
            if i < len(exp) and exp[i] != " ":
                while j < len(got) and got[j] == " ":
                    j += 1
            continue
        if in_math and c == " ":
            i += 1
            continue
        if in_math:
            while j < len(got) and got[j] == " ":
                j += 1
        if j < len(got) and got[j] == c:
            i += 1
            j += 1
            continue
        return i, j
    return None if j == len(got) else (i, j)


def context(s, pos, words=6):
    before = s[:pos].replace(M0, "$").replace(M1, "$").split(" ")
    after = s[pos:].replace(M0, "$").replace(M1, "$").split(" ")
    return " ".join(before[-words:]) + " ⟦HERE⟧" + " ".join(after[:words])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    data, layout_name, pdf = args
    with open(data, "rb") as f:
        cv = tomllib.load(f)
    layout = load_layout(layout_name)
    exp = norm(expected_text(cv, layout))
    got = norm(pdf_text(pdf, layout, cv["person"]["name"]))
    if "--print" in sys.argv:
        print(exp.replace(M0, "$").replace(M1, "$"))
        print("----")
        print(got)
    d = compare(exp, got)
    nwords = len(got.split())
    if d is None:
        print(f"reading order: {nwords} words, identical to the data's")
        return 0
    i, j = d
    print(f"reading order differs at expected word {len(exp[:i].split())}, pdf word {len(got[:j].split())}:")
    print(f"  expected: …{context(exp, i)}…")
    print(f"  pdf:      …{context(got, j)}…")
    return 1


if __name__ == "__main__":
    sys.exit(main())
