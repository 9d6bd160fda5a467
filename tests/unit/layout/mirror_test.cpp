// Right-to-left pages: the frame is mirrored (lines flush right, dates on the left, labels
// right of their items, date column and sidebar on the right), the text keeps its bidi order.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "layout/cv_layout.hpp"
#include "layout/line_box.hpp"
#include "layout/mirror.hpp"
#include "model/cv.hpp"
#include "placed_runs.hpp"
#include "style/layout_spec.hpp"
#include "style/locale.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;
using namespace cvpdf::layout::test;

namespace {

// Lines: runs grouped by page and baseline, with their left and right ends.
struct Line {
    size_t page;
    float y, x0, x1;
    std::string text;
};
std::vector<Line> lines_of(const std::vector<Placed>& runs) {
    std::vector<Line> out;
    for (const auto& r : runs) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const Line& l) { return l.page == r.page && std::abs(l.y - r.y) < 0.01f; });
        if (it == out.end()) out.push_back({r.page, r.y, r.x0, r.x1, r.text});
        else {
            it->x0 = std::min(it->x0, r.x0);
            it->x1 = std::max(it->x1, r.x1);
            it->text += r.text;
        }
    }
    return out;
}

// The right end of what is set on the baseline of `r` right of x = `from`, the left end of
// what is left of `to`.
float right_end(const std::vector<Placed>& runs, const Placed& r, float from = 0) {
    float x = 0;
    for (const auto& o : runs)
        if (o.page == r.page && std::abs(o.y - r.y) < 0.01f && o.x0 >= from) x = std::max(x, o.x1);
    return x;
}
float left_end(const std::vector<Placed>& runs, const Placed& r, float to = 1e9f) {
    float x = 1e9f;
    for (const auto& o : runs)
        if (o.page == r.page && std::abs(o.y - r.y) < 0.01f && o.x1 <= to) x = std::min(x, o.x0);
    return x;
}

LayoutResult render(const std::string& data, const std::string& layout) {
    static Resources res;
    model::Cv cv = model::load_cv_string(data, "cv.toml");
    style::LayoutSpec spec = style::load_layout_string(layout, "layout.toml");
    return layout_cv(cv, spec, res);
}

// Classic: letter, 0.75in margins: the text area is [54, 558].
constexpr float kLeft = 54, kRight = 558;

const char* kRtl = "extends = \"classic\"\n[text]\ndirection = \"rtl\"\n";
const char* kRtlRagged = "extends = \"classic\"\n[text]\ndirection = \"rtl\"\njustify = false\n";

// Hebrew: "experience", "senior engineer", "Orca", "Tel Aviv", and sentences with Latin words.
const std::string kCv =
    "[person]\nname = \"נועה לוי\"\nemail = \"noa@example.org\"\n"
    "[[sections]]\ntitle = \"ניסיון\"\n"
    "[[sections.entries]]\ntitle = \"מהנדסת בכירה\"\norganisation = \"אורקה\"\n"
    "start = \"2021-03\"\nend = \"2023-05\"\nlocation = \"תל אביב\"\nrole = \"צוות הסקה\"\n"
    "bullets = [\"פיתוח מערכת הסקה מבוססת PyTorch המשרתת 40 מיליון בקשות ביום, בזמן תגובה חציוני של "
    "12 מילישניות, עם [קישור](https://example.org/a) לתיעוד ועוד כמה מילים כדי שהשורה תישבר לשתיים או שלוש שורות.\", "
    "\"כתיבת ספריית C++ להאצת עיבוד תמונה.\"]\n"
    "[[sections]]\ntitle = \"תקציר\"\n"
    "text = \"מהנדסת למידת מכונה עם ניסיון של שמונה שנים בבניית מערכות הסקה מהירות, בהובלת צוותים קטנים "
    "ובכתיבת קוד C++ ו-Python יעיל. אוהבת בעיות קשות, מדידות מדויקות וקוד פשוט שקל לתחזק לאורך שנים רבות.\"\n";

}  // namespace

TEST_CASE("mirrored(): each unit moves as a whole within the span; a unit-less item on its own") {
    LineBox line;  // a two-run "line" spanning [0, 30], with an underline and a link
    line.runs.push_back({});
    line.runs[0].x = 0;
    line.runs[0].glyphs = {{1, 10}, {2, 10}};
    line.runs.push_back({});
    line.runs[1].x = 20;
    line.runs[1].glyphs = {{3, 10}};
    line.rules.push_back({20, 1, 10, 0.5f});
    line.links.push_back({20, -8, 10, 10, "https://example.org"});
    line.width = 30;
    line.make_unit();
    LineBox box;
    box.rules.push_back({-40, -5, 4, 10});  // a bar before the line: no unit
    box.append(line, 5);
    LineBox m = mirrored(box, 100);
    // The line [5, 35] → [65, 95]; its runs keep their order and spacing (bidi order survives).
    CHECK(m.runs[0].x == doctest::Approx(65));
    CHECK(m.runs[1].x == doctest::Approx(85));
    CHECK(m.rules[1].x == doctest::Approx(85));  // the underline stays under its run
    CHECK(m.links[0].x == doctest::Approx(85));  // the link rectangle moves with its text
    CHECK(m.rules[0].x == doctest::Approx(136)); // the bar [-40, -36] → [136, 140]
    CHECK(mirror_x(10, 20, 0, 100) == doctest::Approx(70));
}

TEST_CASE("insert_before_right keeps units parallel to the runs") {
    LineBox title;
    title.runs.push_back({});
    title.runs[0].glyphs = {{1, 30}};
    title.width = 30;
    title.make_unit();
    LineBox date = title;  // another unit, 30 wide
    LineBox head;
    head.append(title, 0);
    head.right_part = head.runs.size();
    head.append(date, 170);  // flush right in a 200 pt line
    LineBox left = title;    // a date-column piece, inserted before the flush-right part
    head.insert_before_right(left, -50);
    REQUIRE(head.runs.size() == 3);
    REQUIRE(head.run_unit.size() == 3);
    LineBox m = mirrored(head, 200);
    CHECK(m.runs[0].x == doctest::Approx(170));  // title [0, 30] → [170, 200]
    CHECK(m.runs[1].x == doctest::Approx(220));  // date-column piece [-50, -20] → [220, 250]
    CHECK(m.runs[2].x == doctest::Approx(0));    // the flush-right date → flush left
}

TEST_CASE("rtl, ragged: every line of a paragraph ends at the right margin; ltr lines start at the left") {
    auto runs = runs_of(render(kCv, kRtlRagged).doc);
    const auto& first = one(runs, "שמונה");
    int n = 0;
    for (const auto& l : lines_of(runs))
        if (l.y >= first.y - 30 && l.text.find("קוד") != std::string::npos) {
            CHECK(l.x1 == doctest::Approx(kRight).epsilon(0.0005));
            CHECK(l.x0 > kLeft + 0.5f);  // ragged-left: not stretched to the left margin
            ++n;
        }
    CHECK(n >= 1);
    // The summary's lines (from "מהנדסת למידת" to the end) all end on the right margin.
    auto lines = lines_of(runs);
    auto it = std::find_if(lines.begin(), lines.end(), [](const Line& l) { return l.text.find("למידת") != std::string::npos; });
    REQUIRE(it != lines.end());
    REQUIRE(lines.end() - it >= 2);
    for (; it != lines.end(); ++it) {
        CHECK(it->x1 == doctest::Approx(kRight).epsilon(0.0005));
        CHECK(it->x0 >= kLeft - 0.01f);
    }

    auto ltr = lines_of(runs_of(render(kCv, "extends = \"classic\"\n[text]\ndirection = \"ltr\"\njustify = false\n").doc));
    auto jt = std::find_if(ltr.begin(), ltr.end(), [](const Line& l) { return l.text.find("למידת") != std::string::npos; });
    REQUIRE(jt != ltr.end());
    for (; jt != ltr.end(); ++jt) CHECK(jt->x0 == doctest::Approx(kLeft));
}

TEST_CASE("rtl, justified: full lines span the measure, the last line sits at the right edge") {
    auto lines = lines_of(runs_of(render(kCv, kRtl).doc));
    auto it = std::find_if(lines.begin(), lines.end(), [](const Line& l) { return l.text.find("למידת") != std::string::npos; });
    REQUIRE(lines.end() - it >= 2);
    for (; it != lines.end(); ++it) {
        CHECK(it->x1 == doctest::Approx(kRight).epsilon(0.0005));
        if (it + 1 != lines.end()) CHECK(it->x0 == doctest::Approx(kLeft).epsilon(0.001));
        else CHECK(it->x0 > kLeft + 20);
    }
}

TEST_CASE("rtl: heading and entry title flush right, dates and location flush left on their baselines") {
    auto runs = runs_of(render(kCv, kRtl).doc);
    CHECK(one(runs, "ניסיון").x1 == doctest::Approx(kRight).epsilon(0.0005));
    const auto& title = one(runs, "בכירה");
    CHECK(right_end(runs, title) == doctest::Approx(kRight).epsilon(0.0005));
    const auto& date = one(runs, "2021");
    CHECK(date.y == doctest::Approx(title.y));
    CHECK(left_end(runs, title) == doctest::Approx(kLeft).epsilon(0.0005));
    CHECK(date.x1 < 200);  // the date is flush left, far from the title
    const auto& role = one(runs, "הסקה");
    const auto& loc = one(runs, "אביב");
    CHECK(loc.y == doctest::Approx(role.y));
    CHECK(right_end(runs, role) == doctest::Approx(kRight).epsilon(0.0005));
    CHECK(left_end(runs, role) == doctest::Approx(kLeft).epsilon(0.0005));
    CHECK(loc.x1 < 200);
    // The heading's rule spans the text width.
    auto doc = render(kCv, kRtl).doc;
    bool rule = false;
    for (const auto& r : doc.pages[0].rules)
        rule = rule || (std::abs(r.x - kLeft) < 0.01f && std::abs(r.x + r.width - kRight) < 0.01f);
    CHECK(rule);
}

TEST_CASE("rtl: bullets right of their items, text hanging from the right; links move with their words") {
    auto res = render(kCv, kRtl);
    auto runs = runs_of(res.doc);
    const float indent = 13;  // classic: 1.3em at 10pt
    int bullets = 0;
    for (const auto& b : runs) {
        if (b.text != "•") continue;
        ++bullets;
        float text_right = 0;
        for (const auto& r : runs)
            if (r.text != "•" && std::abs(r.y - b.y) < 0.01f) text_right = std::max(text_right, r.x1);
        CHECK(b.x0 > text_right);                                      // right of the text
        CHECK(text_right == doctest::Approx(kRight - indent).epsilon(0.0005));  // indented from the right
        CHECK(b.x1 <= kRight + 0.01f);
    }
    CHECK(bullets == 2);
    // The continuation lines of the first bullet end where its first line ends.
    const auto& pytorch = one(runs, "PyTorch");
    int more = 0;
    for (const auto& l : lines_of(runs))
        if (l.y > pytorch.y && l.y < pytorch.y + 30 && l.text.find("•") == std::string::npos) {
            CHECK(l.x1 == doctest::Approx(kRight - indent).epsilon(0.0005));
            ++more;
        }
    CHECK(more >= 1);
    // The link's rectangle covers the runs of its word.
    const auto& pg = res.doc.pages[0];
    REQUIRE(!pg.links.empty());
    const page::Link* link = nullptr;
    for (const auto& l : pg.links)
        if (l.uri == "https://example.org/a") link = &l;
    REQUIRE(link);
    const auto& word = one(runs, "קישור");
    CHECK(word.x0 >= link->x - 0.01f);
    CHECK(word.x1 <= link->x + link->width + 0.01f);
}

TEST_CASE("rtl modern: the date column and the publication numbers move to the right") {
    const std::string cv = kCv +
                           "[[sections]]\ntitle = \"פרסומים\"\n[[sections.publications]]\nauthors = [\"N. Levi\"]\n"
                           "title = \"Fast sparse attention\"\nyear = 2022\n";
    auto runs = runs_of(render(cv, "extends = \"modern\"\n[text]\ndirection = \"rtl\"\n").doc);
    // modern: 0.65in margins, date column 6.4em + 1.1em gap at 9pt.
    const float left = 46.8f, right = 612 - 46.8f, col = 6.4f * 9, gap = 1.1f * 9;
    const auto& date = one(runs, "2021");
    CHECK(date.x0 >= right - col - 0.01f);
    CHECK(date.x0 == doctest::Approx(right - col).epsilon(0.0005));  // flush against the content
    const auto& title = one(runs, "בכירה");
    float title_right = 0;
    for (const auto& r : runs)
        if (std::abs(r.y - title.y) < 0.01f && r.x1 < right - col) title_right = std::max(title_right, r.x1);
    CHECK(title_right == doctest::Approx(right - col - gap).epsilon(0.0005));
    CHECK(date.y == doctest::Approx(title.y));
    const auto& loc = one(runs, "אביב");
    CHECK(loc.x0 == doctest::Approx(left).epsilon(0.0005));
    // "[1]" right of the publication, in the date column, flush against the text.
    const auto& fast = one(runs, "Fast");
    CHECK(left_end(runs, fast) >= left - 0.01f);
    float label = 1e9f;
    for (const auto& r : runs)
        if (std::abs(r.y - fast.y) < 0.01f && r.x0 > right - col - 1) label = std::min(label, r.x0);
    CHECK(label == doctest::Approx(right - col).epsilon(0.0005));
    CHECK(right_end(runs, fast, right - col - 1) <= right + 0.01f);
    CHECK(one(runs, "Fast").x1 <= right - col - gap + 0.01f);
}

TEST_CASE("rtl sidebar: the sidebar and its tint on the right, the main column on the left") {
    const std::string cv = kCv + "[[sections]]\ntitle = \"Skills\"\nitems = [\"C++\", \"Python\"]\n";
    auto res = render(cv, "extends = \"sidebar\"\n[text]\ndirection = \"rtl\"\n");
    auto runs = runs_of(res.doc);
    // sidebar: margins 0.45in left, 0.55in right; sidebar 2.15in.
    const float right = 612 - 0.55f * 72, side = 2.15f * 72, left = 0.45f * 72;
    const auto& name = one(runs, "לוי");
    CHECK(name.x0 >= right - side - 0.01f);
    CHECK(one(runs, "נועה").x1 == doctest::Approx(right).epsilon(0.0005));
    CHECK(one(runs, "Python").x0 >= right - side - 0.01f);
    const auto& title = one(runs, "בכירה");
    CHECK(title.x1 < right - side);
    float main_left = right;
    for (const auto& r : runs)
        if (std::abs(r.y - title.y) < 0.01f) main_left = std::min(main_left, r.x0);
    CHECK(main_left == doctest::Approx(left).epsilon(0.0005));
    // The tint: from the sidebar's inner edge to the page's right edge, drawn first.
    const auto& pg = res.doc.pages[0];
    REQUIRE(!pg.order.empty());
    REQUIRE(pg.order[0].kind == 1);
    const auto& tint = pg.rules[pg.order[0].index];
    CHECK(tint.x == doctest::Approx(right - side));
    CHECK(tint.x + tint.width == doctest::Approx(612));
}

TEST_CASE("rtl keeps the drawing (reading) order and the structure tags of ltr") {
    auto rtl = render(kCv, kRtl).doc, ltr = render(kCv, "extends = \"classic\"\n[text]\ndirection = \"ltr\"\n").doc;
    REQUIRE(rtl.structure.size() == ltr.structure.size());
    for (size_t i = 0; i < rtl.structure.size(); ++i) CHECK(rtl.structure[i].type == ltr.structure[i].type);
    // The characters of the runs in drawing order, each element change marked: the same
    // words in the same logical order, tagged alike (run boundaries and spaces may differ).
    auto read = [](const page::Document& d) {
        std::string s;
        int elem = -2;
        for (const auto& p : d.pages)
            for (const auto& r : p.runs) {
                if (r.struct_elem != elem) s.append(1, '<').append(std::to_string(elem = r.struct_elem)).append(1, '>');
                for (char c : r.text)
                    if (c != ' ') s += c;
            }
        return s;
    };
    CHECK(read(rtl) == read(ltr));
    CHECK(read(rtl).find("ניסיון") != std::string::npos);
}

TEST_CASE("a Hebrew CV is right-to-left by its language; an explicit direction wins; unknown languages fall back") {
    style::LayoutSpec he = style::load_layout("classic");
    style::localise(he, "he");
    CHECK(he.body.direction == "rtl");
    CHECK(he.dates.present == "היום");
    style::LayoutSpec ar = style::load_layout("classic");
    style::localise(ar, "ar-EG");
    CHECK(ar.body.direction == "rtl");
    CHECK(ar.dates.present == "Present");  // no Arabic locale: English words, no error
    style::LayoutSpec de = style::load_layout("classic");
    style::localise(de, "de");
    CHECK(de.body.direction == "ltr");
    style::LayoutSpec forced = style::load_layout_string("extends = \"classic\"\n[text]\ndirection = \"ltr\"\n", "l.toml");
    style::localise(forced, "he");
    CHECK(forced.body.direction == "ltr");

    auto runs = runs_of(render("[meta]\nlanguage = \"he\"\n" + kCv, "extends = \"classic\"\n").doc);
    CHECK(one(runs, "ניסיון").x1 == doctest::Approx(kRight).epsilon(0.0005));
    CHECK(one(runs, "מאי").y == doctest::Approx(one(runs, "2023").y));  // Hebrew month names: "May" → "מאי"
}

TEST_CASE("rtl bidi inside words: brackets mirrored (L4), a dash between a year and a Hebrew word") {
    const std::string cv =
        "[person]\nname = \"נועה\"\n[[sections]]\ntitle = \"כלים\"\ntext = \"עבודה עם (Kafka, Rust) ו-C++ מרץ 2021—היום.\"\n";
    auto rtl = render(cv, kRtl);
    auto ltr = render(cv, "extends = \"classic\"\n");
    auto glyph_of = [](const page::Document& d, char c) {  // the glyph drawn for the first `c`
        for (const auto& r : d.pages[0].runs)
            for (const auto& g : r.glyphs)
                if (g.cluster < r.text.size() && r.text[g.cluster] == c) return std::make_pair(&r, g.gid);
        return std::make_pair(static_cast<const page::GlyphRun*>(nullptr), uint32_t(0));
    };
    auto [open, open_gid] = glyph_of(rtl.doc, '(');
    auto [close, close_gid] = glyph_of(rtl.doc, ')');
    REQUIRE(open);
    REQUIRE(close);
    // In ltr the brackets are drawn as themselves; in rtl each takes the other's glyph.
    CHECK(open_gid == glyph_of(ltr.doc, ')').second);
    CHECK(close_gid == glyph_of(ltr.doc, '(').second);
    CHECK(open->text == "(");  // the text (extraction) keeps the logical character
    auto runs = runs_of(rtl.doc);
    // The opening bracket (logically first) is right of "Kafka,", the closing one left of "Rust".
    CHECK(open->x >= one(runs, "Kafka").x1 - 0.01f);
    CHECK(close->x + advance(*close) <= one(runs, "Rust").x0 + 0.01f);
    // "2021—היום": the dash is between the year (right) and the Hebrew word (left of it).
    const auto& year = one(runs, "2021");
    const auto& dash = one(runs, "—");
    const auto& today = one(runs, "היום");
    CHECK(dash.x1 <= year.x0 + 0.01f);
    CHECK(today.x1 <= dash.x0 + 0.01f);
}
