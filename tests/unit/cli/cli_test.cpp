#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/args.hpp"
#include "cli/batch.hpp"
#include "cli/commands.hpp"
#include "model/cv.hpp"
#include "pdf/subset_store.hpp"
#include "shape/font.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;

namespace {

cli::Options parse(std::vector<std::string> args) {
    std::vector<char*> argv;
    static std::string prog = "cvpdf";
    argv.push_back(prog.data());
    for (auto& a : args) argv.push_back(a.data());
    return cli::parse_args(int(argv.size()), argv.data());
}

std::string error_of(auto&& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    } catch (const cli::UsageError& e) {
        return "usage: " + e.message;
    }
    return "";
}

}  // namespace

TEST_CASE("arguments: commands, repeatable options, attached values") {
    auto o = parse({"a.toml", "b.toml", "-d", "out", "-j4", "--variant=academic", "-s", "page.size=a4",
                    "--set", "text.size=10.5pt", "-lclassic"});
    CHECK(o.command == cli::Command::Render);
    CHECK(o.inputs == std::vector<std::string>{"a.toml", "b.toml"});
    CHECK(o.output_dir == "out");
    CHECK(o.jobs == 4);
    CHECK(o.variants == std::vector<std::string>{"academic"});
    CHECK(o.layout == "classic");
    REQUIRE(o.sets.size() == 2);
    CHECK(o.sets[0].key == "page.size");
    CHECK(o.sets[0].value == "\"a4\"");
    CHECK(o.sets[1].value == "\"10.5pt\"");

    CHECK(parse({"check", "x.toml"}).command == cli::Command::Check);
    CHECK(parse({"init"}).command == cli::Command::Init);
    CHECK(parse({"layouts"}).command == cli::Command::Layouts);
    CHECK(parse({"--help"}).help);

    CHECK(error_of([] { parse({}); }) == "usage: no data file given");
    CHECK(error_of([] { parse({"a.toml", "-j", "0"}); }).find("--jobs") != std::string::npos);
    CHECK(error_of([] { parse({"--watch", "a.toml", "b.toml"}); }) == "usage: --watch takes one data file");
    CHECK(error_of([] { parse({"a.toml", "-o", "x.pdf", "-d", "out"}); }) == "usage: give -o or -d, not both");
    CHECK(error_of([] { parse({"a.toml", "--set", "nokey"}); }).find("KEY=VALUE") != std::string::npos);
    CHECK(error_of([] { parse({"layouts", "x"}); }) == "usage: 'layouts' takes no files");
}

TEST_CASE("--set values: TOML when it is TOML, else a string") {
    CHECK(style::parse_override("text.size=10.5").value == "10.5");
    CHECK(style::parse_override("text.justify = false").value == "false");
    CHECK(style::parse_override("heading.color=#1f4e79").value == "\"#1f4e79\"");
    CHECK(style::parse_override("list.bullet=\"→\"").value == "\"→\"");
    CHECK(style::parse_override("list.bullet=a\"b").value == "\"a\\\"b\"");
    CHECK(style::parse_override("dates.months=[1,2]").value == "[1,2]");
    CHECK(style::parse_override("page.size=").value == "\"\"");
    CHECK(error_of([] { style::parse_override("page size=a4"); }).find("not a layout key") != std::string::npos);
    CHECK(error_of([] { style::parse_override("extends=x"); }).find("--layout") != std::string::npos);
}

TEST_CASE("layout overrides: validated like a file, errors point at the argument") {
    auto spec = style::load_layout_with_overrides(
        "classic", {style::parse_override("page.size=a4"), style::parse_override("text.size=12pt"),
                    style::parse_override("page.size=a5")});
    CHECK(spec.page.width == doctest::Approx(419.528));  // the later a5 wins
    CHECK(spec.body.style.size == doctest::Approx(12));
    CHECK(spec.name == "classic");

    CHECK(error_of([] { style::load_layout_with_overrides("classic", {style::parse_override("page.sizee=a4")}); }) ==
          "<--set page.sizee=a4>:1:6: error: unknown key 'page.sizee'; did you mean 'size'?");
    CHECK(error_of([] { style::load_layout_with_overrides("classic", {style::parse_override("page.size=b9")}); }) ==
          "<--set page.size=b9>:1:11: error: unknown page size \"b9\" (use letter, a4, a5, legal, or width/height)");
    CHECK(error_of([] { style::load_layout_with_overrides("classic", {style::parse_override("text.size=true")}); })
              .rfind("<--set text.size=true>:1:11: error: 'text.size' must be a length", 0) == 0);
    CHECK(error_of([] { style::load_layout_with_overrides("nope", {style::parse_override("page.size=a4")}); })
              .rfind("error: cannot open layout 'nope'", 0) == 0);
    // A variant's setting points into the data file.
    style::Override o{"page.margn", "\"1in\"", {"cv.toml", 40, 9}};
    CHECK(error_of([&] { style::load_layout_with_overrides("classic", {o}); }) ==
          "cv.toml:40:9: error: unknown key 'page.margn'; did you mean 'margin'?");
}

TEST_CASE("variants: tags select, sections left empty go, unknown names suggest") {
    model::Cv cv = model::load_cv_string(R"(
[person]
name = "A"
[[sections]]
title = "Jobs"
[[sections.entries]]
title = "Always"
[[sections.entries]]
title = "Industry"
tags = ["industry"]
[[sections]]
title = "Papers"
[[sections.publications]]
title = "P"
tags = ["academic"]
[[sections]]
title = "Teaching"
tags = ["academic"]
text = "t"
[variants.academic]
layout = "classic"
set = { "page.size" = "a4", "text.size" = 10.5, "text.justify" = false, "dates.months" = ["a", "b"] }
[variants.everything]
tags = ["academic", "industry"]
)",
                                         "cv.toml");
    REQUIRE(cv.variants.size() == 2);
    CHECK(cv.variants[0].name == "academic");
    CHECK(cv.variants[0].tags == std::vector<std::string>{"academic"});
    REQUIRE(cv.variants[0].set.size() == 4);
    CHECK(cv.variants[0].set[0].key == "page.size");
    CHECK(cv.variants[0].set[0].value == "\"a4\"");
    CHECK(cv.variants[0].set[1].value == "10.5");
    CHECK(cv.variants[0].set[2].value == "false");
    CHECK(cv.variants[0].set[3].value == "[\"a\", \"b\"]");
    CHECK(cv.variants[0].set[0].pos.line == 22);

    model::Cv a = model::select_variant(cv, "academic");
    REQUIRE(a.sections.size() == 3);
    CHECK(a.sections[0].entries.size() == 1);
    CHECK(a.sections[1].publications.size() == 1);

    model::Cv i = model::select_variant(cv, "industry");  // a tag, not a declared variant
    REQUIRE(i.sections.size() == 1);  // Papers left empty, Teaching tagged academic
    CHECK(i.sections[0].entries.size() == 2);

    CHECK(model::select_variant(cv, "everything").sections.size() == 3);
    CHECK(error_of([&] { model::select_variant(cv, "acadmic"); }) ==
          "cv.toml: error: unknown variant 'acadmic'; did you mean 'academic'?");
    CHECK(error_of([] { model::load_cv_string("[person]\nname = \"A\"\n[variants.x]\ntag = [\"a\"]\n", "v.toml"); }) ==
          "v.toml:4:1: error: unknown key 'variants.x.tag'; did you mean 'tags'?");
}

TEST_CASE("manifest lines: fields, quotes, comments, errors") {
    std::vector<std::string> f;
    std::string err;
    CHECK(cli::split_manifest_line("  # comment", f, err));
    CHECK(f.empty());
    CHECK(cli::split_manifest_line("a.toml - academic out/a.pdf\r", f, err));
    CHECK(f == std::vector<std::string>{"a.toml", "-", "academic", "out/a.pdf"});
    CHECK(cli::split_manifest_line("\"my cv.toml\"\tclassic \"say \\\"hi\\\"\"", f, err));
    CHECK(f == std::vector<std::string>{"my cv.toml", "classic", "say \"hi\""});
    CHECK_FALSE(cli::split_manifest_line("a.toml \"open", f, err));
    CHECK(err.find("unclosed quote") == 0);

    cli::Options opt;
    opt.output_dir = "out";
    opt.layout = "classic";
    std::istringstream in("a.toml\n\n# x\nb.toml - v -\nc.toml modern - c.pdf\n");
    auto jobs = cli::read_manifest(in, "jobs.txt", opt);
    REQUIRE(jobs.size() == 3);
    CHECK(jobs[0].label == "jobs.txt:1");
    CHECK(jobs[0].output == "out/a.pdf");
    CHECK(jobs[1].label == "jobs.txt:4");
    CHECK(jobs[1].req.variant == "v");
    CHECK(jobs[1].output == "out/b-v.pdf");
    CHECK(jobs[2].req.layout == "modern");
    CHECK(jobs[2].output == "c.pdf");
    std::istringstream bad("a b c d e\n");
    CHECK(error_of([&] { cli::read_manifest(bad, "m", opt); }).find("usage: m:1: 5 fields") == 0);
}

TEST_CASE("default outputs and plans") {
    CHECK(cli::default_output("dir/cv.toml", "", "") == "dir/cv.pdf");
    CHECK(cli::default_output("dir/cv.toml", "academic", "") == "dir/cv-academic.pdf");
    CHECK(cli::default_output("dir/cv.toml", "", "out") == "out/cv.pdf");
    CHECK(error_of([] { cli::plan_jobs(parse({"a/cv.toml", "b/cv.toml", "-d", "out"})); })
              .find("would both write out/cv.pdf") != std::string::npos);
    CHECK(error_of([] { cli::plan_jobs(parse({"a.toml", "b.toml", "-o", "x.pdf"})); }).find("-o names one file") !=
          std::string::npos);
    CHECK(cli::plan_jobs(parse({"a.toml", "--variant", "x", "--variant", "y"})).size() == 2);
}

TEST_CASE("the starter data file loads, with variants, and renders") {
    model::Cv cv = model::load_cv_string(cli::starter_data(), "cv.toml");
    CHECK(cv.person.name == "Ada Lovelace");
    CHECK(cv.variants.size() == 2);
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("cvpdf-cli-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "cv.toml") << cli::starter_data();
    layout::Resources res;
    for (std::string v : {"", "academic", "full"}) {
        cli::RenderRequest req;
        req.data_path = (dir / "cv.toml").string();
        req.variant = v;
        cli::RenderOutput out = cli::render(req, res);
        CHECK(out.pages == 1);
        CHECK(out.pdf.size() > 1000);
        CHECK(out.warnings.empty());
        CHECK_FALSE(out.inputs.empty());  // the fonts
    }
    fs::remove_all(dir);
}

TEST_CASE("the man page comes from the help text") {
    std::string man = cli::man_page();
    CHECK(man.find(".TH CVPDF 1") != std::string::npos);
    CHECK(man.find(".SH EXIT STATUS") != std::string::npos);
    CHECK(man.find(".TP\n\\fB\\-\\-all\\-variants\\fR") != std::string::npos);
}

TEST_CASE("the layout's font stamp keys the subset store as the writer's own stat would") {
    // page::FontResource::stamp is shape::font_stamp(); the subset store, which cannot link
    // shape/, builds the same text itself when a document carries no stamp.
    const std::string font = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";
    const std::vector<uint32_t> gids{0, 3, 70, 71};
    const std::string own = pdf::SubsetStore::key(font, 0, gids);
    REQUIRE_FALSE(own.empty());
    CHECK(pdf::SubsetStore::key(font, 0, gids, shape::font_stamp(font, 0)) == own);
    CHECK(pdf::SubsetStore::key(font, 1, gids) != own);  // the face is part of it
    CHECK(pdf::SubsetStore::key("/no/such/font.ttf", 0, gids).empty());
}
