#include <doctest/doctest.h>

#include <functional>

#include "model/cv.hpp"
#include "style/markup.hpp"

using namespace cvpdf::style;
using cvpdf::model::Text;

namespace {

Text text(std::string src, uint32_t line = 1, uint32_t col = 1) { return Text{std::move(src), {"cv.toml", line, col}}; }

std::vector<Span> parse(const std::string& src) { return parse_inline(text(src)); }

std::string error_of(const Text& t) {
    try {
        parse_inline(t);
    } catch (const cvpdf::Error& e) {
        return e.what();
    }
    return "no error";
}
std::string error_of(const std::string& src) { return error_of(text(src, 10, 5)); }

// Compact rendering of spans: "text" plain, "*text*" italic, "**text**" bold,
// "<url|…>" links, "$tex$" math.
std::string show(const std::vector<Span>& spans) {
    std::string out;
    for (const auto& s : spans) {
        std::string t = s.math ? "$" + s.text + "$" : s.text;
        if (s.italic) t = "*" + t + "*";
        if (s.bold) t = "**" + t + "**";
        if (!s.link.empty()) t = "<" + s.link + "|" + t + ">";
        out += "[" + t + "]";
    }
    return out;
}

// Compact rendering of math trees: S(x) symbol, O(+) operator, F(log) function,
// G{…} group, R{…} sqrt, base_{sub}^{sup} scripts.
std::string tree(const std::vector<MathNode>& nodes) {
    std::string out;
    for (const auto& n : nodes) {
        switch (n.kind) {
            case MathNode::Kind::Symbol: out += "S(" + n.text + ")"; break;
            case MathNode::Kind::Operator: out += "O(" + n.text + ")"; break;
            case MathNode::Kind::Function: out += "F(" + n.text + ")"; break;
            case MathNode::Kind::Group: out += "G{" + tree(n.children) + "}"; break;
            case MathNode::Kind::Sqrt: out += "R{" + tree(n.children) + "}"; break;
            case MathNode::Kind::Scripts:
                out += tree(n.children);
                if (!n.sub.empty()) out += "_{" + tree(n.sub) + "}";
                if (!n.sup.empty()) out += "^{" + tree(n.sup) + "}";
                break;
        }
    }
    return out;
}

std::string math(const std::string& tex) {
    auto spans = parse("$" + tex + "$");
    REQUIRE(spans.size() == 1);
    REQUIRE(spans[0].math);
    CHECK(spans[0].text == tex);
    return tree(spans[0].math_nodes);
}

}  // namespace

TEST_CASE("plain text is one span") {
    auto s = parse("Major GPA: 3.79 / 4.00");
    REQUIRE(s.size() == 1);
    CHECK(s[0].text == "Major GPA: 3.79 / 4.00");
    CHECK_FALSE(s[0].bold);
    CHECK_FALSE(s[0].italic);
    CHECK(s[0].src_offset == 0);
    CHECK(parse("").empty());
}

TEST_CASE("bold and italic") {
    CHECK(show(parse("provides **flexible** and **verifiable** support")) ==
          "[provides ][**flexible**][ and ][**verifiable**][ support]");
    CHECK(show(parse("*From DSLs*, Sept. 2021")) == "[*From DSLs*][, Sept. 2021]");
    CHECK(show(parse("an _italic_ word")) == "[an ][*italic*][ word]");
    CHECK(show(parse("(**ILA**)")) == "[(][**ILA**][)]");
    CHECK(show(parse("**Talks & Presentations:**")) == "[**Talks & Presentations:**]");
    CHECK(show(parse("→ **MICRO '21**, Artifact Evaluation")) == "[→ ][**MICRO '21**][, Artifact Evaluation]");
    CHECK(show(parse("un*frigging*believable")) == "[un][*frigging*][believable]");
    CHECK(show(parse("__strong__")) == "[**strong**]");
}

TEST_CASE("nesting") {
    CHECK(show(parse("*a **b** c*")) == "[*a *][***b***][* c*]");
    CHECK(show(parse("**a *b* c**")) == "[**a **][***b***][** c**]");
    CHECK(show(parse("***both***")) == "[***both***]");
    CHECK(show(parse("***a** b*")) == "[***a***][* b*]");
    CHECK(show(parse("_a **b**_")) == "[*a *][***b***]");
}

TEST_CASE("markers that cannot open stay literal") {
    CHECK(show(parse("snake_case_name")) == "[snake_case_name]");
    CHECK(show(parse("a * b")) == "[a * b]");
    CHECK(show(parse("a ** b")) == "[a ** b]");
    CHECK(show(parse("Kirisame*, Lyubomirsky*")) == "[Kirisame*, Lyubomirsky*]");
    CHECK(show(parse("costs $ 5")) == "[costs $ 5]");
    CHECK(show(parse("a] b")) == "[a] b]");
    CHECK(show(parse("**a** *")) == "[**a**][ *]");
}

TEST_CASE("links") {
    auto s = parse("[3LA](https://github.com/uwsampl/3la-tvm) proposes");
    CHECK(show(s) == "[<https://github.com/uwsampl/3la-tvm|3LA>][ proposes]");
    CHECK(show(parse("with [**Steven** Lyubomirsky](https://slyubomirsky.github.io))")) ==
          "[with ][<https://slyubomirsky.github.io|**Steven**>][<https://slyubomirsky.github.io| Lyubomirsky>][)]");
    CHECK(show(parse("[Dynamic Tensor Rematerialization (DTR)](https://arxiv.org/abs/2006.09616) is")) ==
          "[<https://arxiv.org/abs/2006.09616|Dynamic Tensor Rematerialization (DTR)>][ is]");
    CHECK(show(parse("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))!")) ==
          "[<https://en.wikipedia.org/wiki/Foo_(bar)|wiki>][!]");
    CHECK(show(parse("*see [x](u)*")) == "[*see *][<u|*x*>]");
    CHECK(show(parse("[$N$ layers](u)")) == "[<u|$N$>][<u| layers>]");
}

TEST_CASE("escapes and non-breaking spaces") {
    CHECK(show(parse("\\*not italic\\*")) == "[*not italic*]");
    CHECK(show(parse("(\\*: Equal Contribution)")) == "[(*: Equal Contribution)]");
    CHECK(show(parse("a\\_b \\$5 \\[1\\] \\\\ \\~")) == "[a_b $5 [1] \\ ~]");
    CHECK(show(parse("C:\\Users")) == "[C:\\Users]");  // backslash before a letter is literal
    CHECK(show(parse("Sept.~2021")) == "[Sept.\u00A02021]");
    CHECK(show(parse("CSE~505 and **x**~y")) == "[CSE\u00A0505 and ][**x**][\u00A0y]");
}

TEST_CASE("white space: line breaks become one space, ends are trimmed") {
    CHECK(show(parse("\n  first line\n  second **line**\n  ")) == "[first line second ][**line**]");
    CHECK(show(parse("tab\there  two")) == "[tab here  two]");
}

TEST_CASE("span offsets point into the source") {
    auto s = parse("ab **cd** [e](u) $x$");
    REQUIRE(s.size() == 6);
    CHECK(s[0].src_offset == 0);
    CHECK(s[1].src_offset == 5);   // "cd"
    CHECK(s[2].src_offset == 9);   // " "
    CHECK(s[3].src_offset == 11);  // "e"
    CHECK(s[4].src_offset == 16);  // " "
    CHECK(s[5].math);
    CHECK(s[5].src_offset == 17);  // "$x$"
}

TEST_CASE("math trees") {
    CHECK(math("\\mathcal{O}(N)") == "S(𝒪)S(()S(𝑁)S())");
    CHECK(math("N") == "S(𝑁)");
    CHECK(math("\\Omega(\\sqrt{N})") == "S(Ω)S(()R{S(𝑁)}S())");
    CHECK(math("h + x") == "S(ℎ)O(+)S(𝑥)");
    CHECK(math("\\mathcal{B} \\mathcal{E} \\mathcal{F} \\mathcal{H} \\mathcal{I} \\mathcal{L} \\mathcal{M} "
               "\\mathcal{R} \\mathcal A") == "S(ℬ)S(ℰ)S(ℱ)S(ℋ)S(ℐ)S(ℒ)S(ℳ)S(ℛ)S(𝒜)");
    CHECK(math("\\alpha\\beta\\omega\\Gamma\\Delta\\Omega") == "S(𝛼)S(𝛽)S(𝜔)S(Γ)S(Δ)S(Ω)");
    CHECK(math("\\epsilon\\varepsilon\\phi\\varphi") == "S(𝜖)S(𝜀)S(𝜙)S(𝜑)");
    CHECK(math("x_i^2") == "S(𝑥)_{S(𝑖)}^{S(2)}");
    CHECK(math("x^{n+1}_{k}") == "S(𝑥)_{S(𝑘)}^{S(𝑛)O(+)S(1)}");
    CHECK(math("2^10") == "S(2)^{S(1)}S(0)");  // as TeX: one digit per script
    CHECK(math("e^\\alpha") == "S(𝑒)^{S(𝛼)}");
    CHECK(math("{}^{14}C") == "G{}^{S(14)}S(𝐶)");
    CHECK(math("a - b \\leq c \\geq d \\neq e") == "S(𝑎)O(−)S(𝑏)O(≤)S(𝑐)O(≥)S(𝑑)O(≠)S(𝑒)");
    CHECK(math("a\\times b\\cdot c\\pm d") == "S(𝑎)O(×)S(𝑏)O(⋅)S(𝑐)O(±)S(𝑑)");
    CHECK(math("f: A \\to B \\rightarrow C \\leftarrow D \\mapsto E") ==
          "S(𝑓)O(:)S(𝐴)O(→)S(𝐵)O(→)S(𝐶)O(←)S(𝐷)O(↦)S(𝐸)");
    CHECK(math("x \\in S \\notin T \\subset U \\subseteq V \\cup W \\cap Z") ==
          "S(𝑥)O(∈)S(𝑆)O(∉)S(𝑇)O(⊂)S(𝑈)O(⊆)S(𝑉)O(∪)S(𝑊)O(∩)S(𝑍)");
    CHECK(math("\\sum_{i=1}^{n} i") == "S(∑)_{S(𝑖)O(=)S(1)}^{S(𝑛)}S(𝑖)");
    CHECK(math("\\prod \\int \\infty \\ldots \\cdots") == "S(∏)S(∫)S(∞)S(…)S(⋯)");
    CHECK(math("\\log n \\ln \\exp \\max \\min \\sin \\cos \\lim") ==
          "F(log)S(𝑛)F(ln)F(exp)F(max)F(min)F(sin)F(cos)F(lim)");
    CHECK(math("\\approx\\equiv\\sim\\propto") == "O(≈)O(≡)O(∼)O(∝)");
    CHECK(math("\\partial\\nabla\\forall\\exists\\neg") == "S(∂)S(∇)S(∀)S(∃)S(¬)");
    CHECK(math("p\\wedge q\\vee r") == "S(𝑝)O(∧)S(𝑞)O(∨)S(𝑟)");
    CHECK(math("\\{ x \\}") == "S({)S(𝑥)S(})");
    CHECK(math("[a, b]") == "S([)S(𝑎)S(,)S(𝑏)S(])");
    CHECK(math("a\\,b\\;c\\quad d") == "S(𝑎)S(\u2009)S(𝑏)S(\u2005)S(𝑐)S(\u2003)S(𝑑)");
    CHECK(math("\\mathrm{d}x") == "S(d)S(𝑥)");
    CHECK(math("\\mathrm{max\\,flow}") == "S(max\u2009flow)");  // one run in the upright face
    CHECK(math("\\text{if } x") == "S(if )S(𝑥)");
    CHECK(math("\\mathbf{x} + \\mathbf{10}") == "S(𝐱)O(+)S(𝟏𝟎)");
    CHECK(math("\\mathbb{R}^n") == "S(ℝ)^{S(𝑛)}");
    CHECK(math("3.14") == "S(3.14)");
    CHECK(math("f'") == "S(𝑓)S(′)");
    CHECK(math("\\left( x \\right)") == "S(()S(𝑥)S())");
    CHECK(math("\\operatorname{softmax}(x)") == "F(softmax)S(()S(𝑥)S())");
    CHECK(math("\\sqrt x") == "R{S(𝑥)}");
    CHECK(math("\\sqrt{x+1}") == "R{S(𝑥)O(+)S(1)}");
    CHECK(math("≤ α") == "O(≤)S(α)");
}

TEST_CASE("unclosed markers are errors at the opener") {
    CHECK(error_of("**unclosed bold") ==
          "cv.toml:10:5: error: unclosed '**' (bold); write \\* for a literal asterisk");
    CHECK(error_of("an *italic never closed") ==
          "cv.toml:10:8: error: unclosed '*' (italic); write \\* for a literal asterisk");
    CHECK(error_of("x _y") == "cv.toml:10:7: error: unclosed '_' (italic); write \\_ for a literal underscore");
    CHECK(error_of("ok **b** then **c") ==
          "cv.toml:10:19: error: unclosed '**' (bold); write \\* for a literal asterisk");
    CHECK(error_of("**a*") == "cv.toml:10:5: error: unclosed '*' (italic); write \\* for a literal asterisk");
    CHECK(error_of("***a") == "cv.toml:10:5: error: unclosed '***' (bold italic); write \\* for a literal asterisk");
    // Emphasis cannot cross a link boundary.
    CHECK(error_of("[**a](u)**") == "cv.toml:10:6: error: unclosed '**' (bold); write \\* for a literal asterisk");
    CHECK(error_of("cost $5") ==
          "cv.toml:10:10: error: unclosed '$' (math); write \\$ for a literal dollar sign");
    CHECK(error_of("$$") == "cv.toml:10:5: error: empty math '$$'");
    CHECK(error_of("see [the paper") ==
          "cv.toml:10:9: error: unclosed '[' (link); write \\[ for a literal bracket");
    CHECK(error_of("see [1] here") ==
          "cv.toml:10:9: error: link text [1] must be followed by (url); write \\[ for a literal bracket");
    CHECK(error_of("[a](  )") == "cv.toml:10:8: error: empty link URL");
    CHECK(error_of("[a](http://x") == "cv.toml:10:8: error: unclosed '(' after link text");
    CHECK(error_of("[a [b](u)](v)") == "cv.toml:10:8: error: links cannot be nested");
}

TEST_CASE("math errors at their exact position") {
    CHECK(error_of("it is $\\foo(x)$") == "cv.toml:10:12: error: unknown math command \\foo");
    CHECK(error_of("$\\sqrt[3]{x}$") == "cv.toml:10:11: error: \\sqrt[n]{…} (an n-th root) is not supported in math");
    CHECK(error_of("$\\Omega(\\sqrt{N)$") == "cv.toml:10:18: error: unclosed '{' in math");
    CHECK(error_of("$a}$") == "cv.toml:10:7: error: unbalanced '}' in math");
    CHECK(error_of("$x^$") == "cv.toml:10:7: error: missing superscript after '^'");
    CHECK(error_of("$x_1_2$") == "cv.toml:10:9: error: double subscript in math");
    CHECK(error_of("$a & b$") == "cv.toml:10:8: error: '&' is not allowed in inline math (write \\&)");
    CHECK(error_of("$\\sqrt$") == "cv.toml:10:6: error: missing argument of \\sqrt");
    // Across the lines of a multi-line string: line and column restart after '\n'.
    Text t = text("line one\n  and **x** with $\\bar{x}$", 20, 3);
    CHECK(error_of(t) == "cv.toml:21:19: error: unknown math command \\bar");
    Text u = text("first\nsecond\n   third **oops", 7, 9);
    CHECK(error_of(u) == "cv.toml:9:10: error: unclosed '**' (bold); write \\* for a literal asterisk");
    // Multi-byte characters count as one column each.
    CHECK(error_of("Café → **x") == "cv.toml:10:12: error: unclosed '**' (bold); write \\* for a literal asterisk");
}

TEST_CASE("math nested past the limit is an error, not a stack overflow") {
    // Groups, command arguments without braces, and scripts of scripts each recurse.
    const std::string groups = "$" + std::string(10000, '{') + "x" + std::string(10000, '}') + "$";
    std::string roots = "$";
    for (int i = 0; i < 10000; ++i) roots += "\\sqrt ";
    roots += "x$";
    std::string scripts = "$x";
    for (int i = 0; i < 10000; ++i) scripts += "^{x";
    scripts += std::string(10000, '}') + "$";
    for (const std::string& deep : {groups, roots, scripts}) {
        const std::string e = error_of(deep);
        CHECK(e.find("error: math nested too deeply (more than 50 levels)") != std::string::npos);
    }
    // A formula nested as deep as the limit allows still parses.
    const std::string ok = "$" + std::string(40, '{') + "x" + std::string(40, '}') + "$";
    CHECK(error_of(ok) == "no error");
    CHECK(error_of("$\\sqrt{\\sqrt{a^{b^{c_{d}}}}}$") == "no error");
}

TEST_CASE("position_at follows newlines and anchors") {
    Text t = text("ab\ncd", 4, 7);
    CHECK(position_at(t, 0).line == 4);
    CHECK(position_at(t, 0).col == 7);
    CHECK(position_at(t, 1).col == 8);
    CHECK(position_at(t, 3).line == 5);
    CHECK(position_at(t, 3).col == 1);
    CHECK(position_at(t, 4).col == 2);
    CHECK(position_at(t, 99).col == 3);  // clamped to the end
    CHECK(position_at(t, 2).file == "cv.toml");
    // An anchor re-synchronises after an escape: decoded "a\"b" written as "a\\\"b".
    Text e = text("a\"b **c", 1, 10);
    e.anchors.push_back({2, 1, 13});
    CHECK(position_at(e, 1).col == 11);
    CHECK(position_at(e, 2).col == 13);
    CHECK(position_at(e, 3).col == 14);
    CHECK(error_of(e) == "cv.toml:1:15: error: unclosed '**' (bold); write \\* for a literal asterisk");
}

TEST_CASE("plain_text") {
    CHECK(plain_text(parse("**Talks & Presentations:**")) == "Talks & Presentations:");
    CHECK(plain_text(parse("[*From* DSLs](u), Sept.~2021")) == "From DSLs, Sept.\u00A02021");
    CHECK(plain_text(parse("only $\\mathcal{O}(N)$ more")) == "only 𝒪(𝑁) more");
    CHECK(plain_text(parse("an $\\Omega(\\sqrt{N})$ budget")) == "an Ω(√𝑁) budget");
    CHECK(plain_text(parse("$\\sqrt{N+1}$")) == "√(𝑁+1)");
    CHECK(plain_text(parse("$x^2 + y_{10} + z^{n}$")) == "𝑥²+𝑦₁₀+𝑧^𝑛");
    CHECK(plain_text(parse("$\\log n$")) == "log 𝑛");
    CHECK(plain_text(parse("(\\*: Equal Contribution)")) == "(*: Equal Contribution)");
}

TEST_CASE("every text in data/mike-he.toml parses") {
    using namespace cvpdf::model;
    Cv cv = load_cv_file(std::string(CVPDF_SOURCE_DIR) + "/data/mike-he.toml");
    size_t texts = 0, math_spans = 0, links = 0, bold = 0;
    std::function<void(const Text&)> check = [&](const Text& t) {
        if (t.empty()) return;
        ++texts;
        std::vector<Span> spans;
        REQUIRE_NOTHROW(spans = parse_inline(t));
        for (const auto& s : spans) {
            math_spans += s.math;
            links += !s.link.empty() && (&s == &spans.front() || spans[size_t(&s - &spans[0]) - 1].link != s.link);
            bold += s.bold;
        }
    };
    std::function<void(const std::vector<ListItem>&)> items = [&](const std::vector<ListItem>& v) {
        for (const auto& i : v) {
            check(i.text);
            items(i.children);
        }
    };
    check(cv.person.headline);
    for (const auto& s : cv.sections) {
        check(s.title);
        check(s.text);
        items(s.items);
        for (const auto& e : s.entries) {
            for (const Text* t : {&e.title, &e.organisation, &e.role, &e.location, &e.summary, &e.dates.text}) check(*t);
            items(e.bullets);
        }
        for (const auto& p : s.publications)
            for (const Text* t : {&p.title, &p.venue, &p.status, &p.note}) check(*t);
    }
    CHECK(texts > 30);
    CHECK(math_spans == 3);
    CHECK(links == 3);
    CHECK(bold == 12);

    const Text& dtr = cv.sections[3].entries[1].bullets[0].text;
    std::string plain = plain_text(parse_inline(dtr));
    CHECK(plain.find("only 𝒪(𝑁) more forward computations when training a 𝑁-layer linear feed-forward") !=
          std::string::npos);
    CHECK(plain.find("an Ω(√𝑁) memory budget.") != std::string::npos);
    CHECK(plain.rfind("Dynamic Tensor Rematerialization (DTR) is a greedy", 0) == 0);
    CHECK(plain.find('\n') == std::string::npos);
    CHECK(plain.find("  ") == std::string::npos);
}

TEST_CASE("code spans are literal and marked for the monospace font") {
    cvpdf::model::Text t{"run `a *b* $c$` now, not \\`this\\`", {"cv.toml", 3, 9}};
    auto spans = cvpdf::style::parse_inline(t);
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].text == "run ");
    CHECK(spans[1].code);
    CHECK(spans[1].text == "a *b* $c$");  // no emphasis or math inside code
    CHECK_FALSE(spans[2].code);
    CHECK(spans[2].text == " now, not `this`");
    cvpdf::model::Text bad{"an `open code span", {"cv.toml", 3, 9}};
    CHECK_THROWS_WITH_AS(cvpdf::style::parse_inline(bad), "cv.toml:3:12: error: unclosed '`' (code); write \\` for a literal backtick",
                         cvpdf::Error);
}
