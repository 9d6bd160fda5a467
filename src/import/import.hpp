// Bringing CVs in from other formats: JSON Resume (jsonresume.org, schema 1.0) → model::Cv,
// and model::Cv → cvpdf's own TOML (the `convert` subcommand). See docs/import.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/cv.hpp"

namespace cvpdf::import {

enum class Format { Toml, JsonResume, RenderCv };

// JSON Resume when the path ends in ".json" (any case) or the text's first non-blank
// character is '{' (a JSON object such as {"$schema": …}; no TOML document starts so);
// RenderCV YAML (import/rendercv.hpp) when it ends in ".yaml"/".yml" (any case) or its first
// line that is not blank or a comment starts with "cv:" (not TOML either); TOML otherwise.
Format detect_format(const std::string& path, std::string_view text);

// Reads a JSON Resume document into the model. Syntax errors and unusable values throw
// cvpdf::Error at file:line:col. Fields cvpdf does not know, and known ones it cannot print
// (basics.image, meta), are appended to `warnings` ("unknown field 'work[0].foo' at 12:5
// (ignored)"), never dropped silently.
model::Cv load_json_resume_string(std::string_view json, const std::string& path,
                                  std::vector<std::string>& warnings);
model::Cv load_json_resume_file(const std::string& path, std::vector<std::string>& warnings);

// Any CV data file: JSON Resume, RenderCV YAML or cvpdf TOML (detect_format). `warnings` may be null.
model::Cv load_cv_any(const std::string& path, std::vector<std::string>* warnings = nullptr);

// Backslash-escapes the characters that are inline markup (\ * _ [ ] $ ~) so that `plain`
// reads as itself when parsed as model::Text.
std::string escape_markup(std::string_view plain);

// The CV as cvpdf TOML (docs/data-schema.md): commented, one key per line, and loading it
// with model::load_cv_string gives back an equivalent Cv (same PDF).
std::string to_toml(const model::Cv& cv);

}  // namespace cvpdf::import
