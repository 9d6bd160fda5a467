// Inline TeX math → style::MathNode trees, with TeX's letters, Greek, operators and
// functions mapped to Unicode (MATHEMATICAL ITALIC letters, ≤, →, …).
#include <cstring>
#include <map>
#include <optional>
#include <string_view>

#include "style/markup.hpp"

namespace cvpdf::style::detail {

// Declared again in markup.cpp (no shared private header in this folder).
std::vector<MathNode> parse_math(const model::Text& text, size_t begin, size_t end);
std::string math_plain_text(const std::vector<MathNode>& nodes);

namespace {

void utf8(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
        s += char(cp);
    } else if (cp < 0x800) {
        s += char(0xC0 | (cp >> 6));
        s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += char(0xE0 | (cp >> 12));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    } else {
        s += char(0xF0 | (cp >> 18));
        s += char(0x80 | ((cp >> 12) & 0x3F));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    }
}

std::string utf8(uint32_t cp) {
    std::string s;
    utf8(s, cp);
    return s;
}

enum class Font { Italic, Roman, Bold, Script, DoubleStruck };

// One ASCII letter or digit in a math alphabet.
std::string styled(char c, Font f) {
    bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
    switch (f) {
        case Font::Roman: return std::string(1, c);
        case Font::Italic:
            if (c == 'h') return utf8(0x210E);  // PLANCK CONSTANT fills the hole
            if (upper) return utf8(0x1D434 + uint32_t(c - 'A'));
            if (lower) return utf8(0x1D44E + uint32_t(c - 'a'));
            return std::string(1, c);
        case Font::Bold:
            if (upper) return utf8(0x1D400 + uint32_t(c - 'A'));
            if (lower) return utf8(0x1D41A + uint32_t(c - 'a'));
            if (digit) return utf8(0x1D7CE + uint32_t(c - '0'));
            return std::string(1, c);
        case Font::Script: {
            static const std::map<char, uint32_t> holes = {
                {'B', 0x212C}, {'E', 0x2130}, {'F', 0x2131}, {'H', 0x210B}, {'I', 0x2110}, {'L', 0x2112},
                {'M', 0x2133}, {'R', 0x211B}, {'e', 0x212F}, {'g', 0x210A}, {'o', 0x2134}};
            if (auto it = holes.find(c); it != holes.end()) return utf8(it->second);
            if (upper) return utf8(0x1D49C + uint32_t(c - 'A'));
            if (lower) return utf8(0x1D4B6 + uint32_t(c - 'a'));
            return std::string(1, c);
        }
        case Font::DoubleStruck: {
            static const std::map<char, uint32_t> holes = {{'C', 0x2102}, {'H', 0x210D}, {'N', 0x2115}, {'P', 0x2119},
                                                           {'Q', 0x211A}, {'R', 0x211D}, {'Z', 0x2124}};
            if (auto it = holes.find(c); it != holes.end()) return utf8(it->second);
            if (upper) return utf8(0x1D538 + uint32_t(c - 'A'));
            if (lower) return utf8(0x1D552 + uint32_t(c - 'a'));
            if (digit) return utf8(0x1D7D8 + uint32_t(c - '0'));
            return std::string(1, c);
        }
    }
    return std::string(1, c);
}

const std::map<std::string_view, uint32_t>& greek() {
    static const std::map<std::string_view, uint32_t> m = {
        // lowercase: MATHEMATICAL ITALIC, as TeX sets them
        {"alpha", 0x1D6FC}, {"beta", 0x1D6FD}, {"gamma", 0x1D6FE}, {"delta", 0x1D6FF},
        {"varepsilon", 0x1D700}, {"zeta", 0x1D701}, {"eta", 0x1D702}, {"theta", 0x1D703},
        {"iota", 0x1D704}, {"kappa", 0x1D705}, {"lambda", 0x1D706}, {"mu", 0x1D707},
        {"nu", 0x1D708}, {"xi", 0x1D709}, {"omicron", 0x1D70A}, {"pi", 0x1D70B},
        {"rho", 0x1D70C}, {"varsigma", 0x1D70D}, {"sigma", 0x1D70E}, {"tau", 0x1D70F},
        {"upsilon", 0x1D710}, {"varphi", 0x1D711}, {"chi", 0x1D712}, {"psi", 0x1D713},
        {"omega", 0x1D714}, {"epsilon", 0x1D716}, {"vartheta", 0x1D717}, {"varkappa", 0x1D718},
        {"phi", 0x1D719}, {"varrho", 0x1D71A}, {"varpi", 0x1D71B},
        // capitals: upright
        {"Gamma", 0x0393}, {"Delta", 0x0394}, {"Theta", 0x0398}, {"Lambda", 0x039B},
        {"Xi", 0x039E}, {"Pi", 0x03A0}, {"Sigma", 0x03A3}, {"Upsilon", 0x03A5},
        {"Phi", 0x03A6}, {"Psi", 0x03A8}, {"Omega", 0x03A9}};
    return m;
}

// Binary operators and relations (spaced).
const std::map<std::string_view, std::string_view>& operators() {
    static const std::map<std::string_view, std::string_view> m = {
        {"leq", "≤"}, {"le", "≤"}, {"geq", "≥"}, {"ge", "≥"}, {"neq", "≠"}, {"ne", "≠"},
        {"times", "×"}, {"cdot", "⋅"}, {"pm", "±"}, {"mp", "∓"}, {"div", "÷"}, {"ast", "∗"},
        {"star", "⋆"}, {"circ", "∘"}, {"bullet", "∙"}, {"setminus", "∖"}, {"oplus", "⊕"},
        {"otimes", "⊗"}, {"to", "→"}, {"rightarrow", "→"}, {"leftarrow", "←"}, {"gets", "←"},
        {"mapsto", "↦"}, {"leftrightarrow", "↔"}, {"Rightarrow", "⇒"}, {"Leftarrow", "⇐"},
        {"Leftrightarrow", "⇔"}, {"implies", "⟹"}, {"iff", "⟺"}, {"longrightarrow", "⟶"},
        {"longmapsto", "⟼"}, {"leadsto", "⇝"}, {"uparrow", "↑"}, {"downarrow", "↓"},
        {"in", "∈"}, {"notin", "∉"}, {"ni", "∋"}, {"subset", "⊂"}, {"subseteq", "⊆"},
        {"supset", "⊃"}, {"supseteq", "⊇"}, {"sqsubseteq", "⊑"}, {"cup", "∪"}, {"cap", "∩"},
        {"approx", "≈"}, {"equiv", "≡"}, {"sim", "∼"}, {"simeq", "≃"}, {"cong", "≅"},
        {"propto", "∝"}, {"wedge", "∧"}, {"land", "∧"}, {"vee", "∨"}, {"lor", "∨"},
        {"ll", "≪"}, {"gg", "≫"}, {"prec", "≺"}, {"succ", "≻"}, {"preceq", "⪯"},
        {"succeq", "⪰"}, {"mid", "∣"}, {"parallel", "∥"}, {"perp", "⊥"}, {"vdash", "⊢"},
        {"models", "⊨"}, {"coloneqq", "≔"}};
    return m;
}

// Ordinary symbols (unspaced), including big operators (set in the math font).
const std::map<std::string_view, std::string_view>& symbols() {
    static const std::map<std::string_view, std::string_view> m = {
        {"infty", "∞"}, {"partial", "∂"}, {"nabla", "∇"}, {"forall", "∀"}, {"exists", "∃"},
        {"neg", "¬"}, {"lnot", "¬"}, {"ldots", "…"}, {"dots", "…"}, {"cdots", "⋯"},
        {"vdots", "⋮"}, {"ddots", "⋱"}, {"emptyset", "∅"}, {"varnothing", "∅"}, {"top", "⊤"},
        {"bot", "⊥"}, {"prime", "′"}, {"ell", "ℓ"}, {"hbar", "ℏ"}, {"aleph", "ℵ"},
        {"Re", "ℜ"}, {"Im", "ℑ"}, {"angle", "∠"}, {"langle", "⟨"}, {"rangle", "⟩"},
        {"lceil", "⌈"}, {"rceil", "⌉"}, {"lfloor", "⌊"}, {"rfloor", "⌋"}, {"lbrace", "{"},
        {"rbrace", "}"}, {"vert", "|"}, {"Vert", "‖"}, {"backslash", "\\"},
        {"sum", "∑"}, {"prod", "∏"}, {"coprod", "∐"}, {"int", "∫"}, {"iint", "∬"},
        {"oint", "∮"}, {"bigcup", "⋃"}, {"bigcap", "⋂"}, {"bigoplus", "⨁"},
        {"bigotimes", "⨂"}, {"bigvee", "⋁"}, {"bigwedge", "⋀"},
        // spacing
        {"quad", "\u2003"}, {"qquad", "\u2003\u2003"}};
    return m;
}

// Upright function names.
const std::map<std::string_view, std::string_view>& functions() {
    static const std::map<std::string_view, std::string_view> m = {
        {"log", "log"}, {"ln", "ln"}, {"lg", "lg"}, {"exp", "exp"}, {"max", "max"}, {"min", "min"},
        {"sin", "sin"}, {"cos", "cos"}, {"tan", "tan"}, {"cot", "cot"}, {"sec", "sec"}, {"csc", "csc"},
        {"arcsin", "arcsin"}, {"arccos", "arccos"}, {"arctan", "arctan"}, {"sinh", "sinh"},
        {"cosh", "cosh"}, {"tanh", "tanh"}, {"lim", "lim"}, {"liminf", "lim inf"},
        {"limsup", "lim sup"}, {"sup", "sup"}, {"inf", "inf"}, {"det", "det"}, {"gcd", "gcd"},
        {"arg", "arg"}, {"deg", "deg"}, {"dim", "dim"}, {"ker", "ker"}, {"hom", "hom"},
        {"Pr", "Pr"}, {"mod", "mod"}, {"bmod", "mod"}};
    return m;
}

// Commands that only size or style delimiters: accepted and ignored.
bool ignored(std::string_view name) {
    static const char* names[] = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
                                  "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "displaystyle",
                                  "textstyle", "limits", "nolimits"};
    for (const char* n : names)
        if (name == n) return true;
    return false;
}

bool is_operator_cp(std::string_view s) {
    static const char* ops[] = {"≤", "≥", "≠", "×", "⋅", "·", "±", "∓", "÷", "→", "←", "↦", "↔", "⇒", "⇐", "⇔",
                                "∈", "∉", "∋", "⊂", "⊆", "⊃", "⊇", "∪", "∩", "≈", "≡", "∼", "≃", "≅", "∝",
                                "∧", "∨", "−", "∘", "⊕", "⊗", "≪", "≫", "⊢", "⊨", "∣"};
    for (const char* o : ops)
        if (s == o) return true;
    return false;
}

MathNode leaf(MathNode::Kind k, std::string text) {
    MathNode n;
    n.kind = k;
    n.text = std::move(text);
    return n;
}

class Parser {
public:
    Parser(const model::Text& t, size_t begin, size_t end) : t_(t), s_(t.src), i_(begin), end_(end) {}

    std::vector<MathNode> parse() {
        auto nodes = seq(false, 0);
        return nodes;
    }

private:
    const model::Text& t_;
    std::string_view s_;
    size_t i_, end_;
    Font font_ = Font::Italic;

    // Groups, scripts and command arguments recurse; a CV's formulas nest a few levels, while
    // a data file of nothing but '{' would overflow the stack (found by fuzz_markup: 900
    // levels under ASan). Each seq() and atom() on the stack counts one.
    static constexpr int kMaxDepth = 100;
    int depth_ = 0;
    struct Deeper {
        Parser& p;
        Deeper(Parser& parser, size_t at) : p(parser) {
            if (++p.depth_ > kMaxDepth) {
                --p.depth_;
                p.fail(at, "math nested too deeply (more than " + std::to_string(kMaxDepth / 2) + " levels)");
            }
        }
        ~Deeper() { --p.depth_; }
    };

    [[noreturn]] void fail(size_t at, const std::string& msg) const {
        throw Error(msg, model::text_position(t_, at));
    }
    bool eof() const { return i_ >= end_; }
    char peek() const { return eof() ? '\0' : s_[i_]; }
    void skip_ws() {
        while (!eof() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    static bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
    static bool digit(char c) { return c >= '0' && c <= '9'; }

    // Atoms until the end or, inside a group, the closing '}'.
    std::vector<MathNode> seq(bool in_group, size_t open_at) {
        const Deeper guard(*this, open_at);
        std::vector<MathNode> out;
        for (;;) {
            skip_ws();
            if (eof()) {
                if (in_group) fail(open_at, "unclosed '{' in math");
                return out;
            }
            char c = peek();
            if (c == '}') {
                if (!in_group) fail(i_, "unbalanced '}' in math");
                ++i_;
                return out;
            }
            std::optional<MathNode> n;
            if (c == '^' || c == '_') {
                n = MathNode{MathNode::Kind::Group};  // TeX's {}^2: an empty base
            } else {
                n = atom();
                if (!n) continue;
            }
            out.push_back(scripts(std::move(*n)));
        }
    }

    MathNode scripts(MathNode base) {
        std::vector<MathNode> sub, sup;
        bool has_sub = false, has_sup = false;
        for (;;) {
            skip_ws();
            char c = peek();
            if (c != '^' && c != '_') break;
            size_t at = i_++;
            bool up = c == '^';
            if (up ? has_sup : has_sub) fail(at, up ? "double superscript in math" : "double subscript in math");
            (up ? sup : sub) = script_arg(at, up ? "superscript after '^'" : "subscript after '_'");
            (up ? has_sup : has_sub) = true;
        }
        if (!has_sub && !has_sup) return base;
        MathNode n;
        n.kind = MathNode::Kind::Scripts;
        n.children.push_back(std::move(base));
        n.sub = std::move(sub);
        n.sup = std::move(sup);
        return n;
    }

    // A script or command argument: {group} or one token (a single digit, not a number).
    std::vector<MathNode> script_arg(size_t at, const char* what) {
        skip_ws();
        if (eof() || peek() == '}') fail(at, std::string("missing ") + what);
        char c = peek();
        if (c == '{') {
            size_t open = i_++;
            return seq(true, open);
        }
        if (digit(c)) {
            ++i_;
            return {leaf(MathNode::Kind::Symbol, styled(c, font_ == Font::Italic ? Font::Roman : font_))};
        }
        if (c == '^' || c == '_') fail(i_, std::string("missing ") + what);
        auto n = atom();
        if (!n) fail(at, std::string("missing ") + what);
        return {std::move(*n)};
    }

    std::optional<MathNode> atom() {
        size_t at = i_;
        const Deeper guard(*this, at);
        char c = s_[i_];
        if (alpha(c)) {
            ++i_;
            return leaf(MathNode::Kind::Symbol, styled(c, font_));
        }
        if (digit(c)) {
            std::string num;
            while (!eof() && (digit(peek()) || (peek() == '.' && i_ + 1 < end_ && digit(s_[i_ + 1]))))
                num += styled(s_[i_++], font_ == Font::Italic ? Font::Roman : font_);
            return leaf(MathNode::Kind::Symbol, num);
        }
        if (c == '{') {
            ++i_;
            MathNode g;
            g.kind = MathNode::Kind::Group;
            g.children = seq(true, at);
            return g;
        }
        if (c == '\\') return command();
        ++i_;
        switch (c) {
            case '+': case '=': case '<': case '>': case ':':
                return leaf(MathNode::Kind::Operator, std::string(1, c));
            case '-': return leaf(MathNode::Kind::Operator, "−");
            case '*': return leaf(MathNode::Kind::Operator, "∗");
            case '\'': return leaf(MathNode::Kind::Symbol, "′");
            case '~': return leaf(MathNode::Kind::Symbol, "\u00A0");
            case '&': case '#': case '%': case '$':
                fail(at, std::string("'") + c + "' is not allowed in inline math (write \\" + c + ")");
            default: break;
        }
        if (static_cast<unsigned char>(c) < 0x80) return leaf(MathNode::Kind::Symbol, std::string(1, c));
        // A non-ASCII character typed directly (α, ≤, …): one code point.
        size_t start = at;
        while (i_ < end_ && (static_cast<unsigned char>(s_[i_]) & 0xC0) == 0x80) ++i_;
        std::string cp(s_.substr(start, i_ - start));
        return leaf(is_operator_cp(cp) ? MathNode::Kind::Operator : MathNode::Kind::Symbol, cp);
    }

    std::optional<MathNode> command() {
        size_t at = i_++;  // the backslash
        if (eof()) fail(at, "lone '\\' at the end of math");
        std::string name;
        if (alpha(peek())) {
            while (!eof() && alpha(peek())) name += s_[i_++];
        } else {
            name = std::string(1, s_[i_++]);
        }
        // One-character commands: spacing and escaped symbols.
        if (name.size() == 1 && !alpha(name[0])) {
            switch (name[0]) {
                case ',': return leaf(MathNode::Kind::Symbol, "\u2009");
                case ':': case '>': return leaf(MathNode::Kind::Symbol, "\u205F");
                case ';': return leaf(MathNode::Kind::Symbol, "\u2005");
                case ' ': return leaf(MathNode::Kind::Symbol, " ");
                case '!': return std::nullopt;  // negative thin space: dropped
                case '{': case '}': case '%': case '$': case '#': case '&': case '_':
                    return leaf(MathNode::Kind::Symbol, name);
                case '|': return leaf(MathNode::Kind::Symbol, "‖");
                default: fail(at, "unknown math command \\" + name);
            }
        }
        if (auto it = greek().find(name); it != greek().end())
            return leaf(MathNode::Kind::Symbol, utf8(it->second));
        if (auto it = operators().find(name); it != operators().end())
            return leaf(MathNode::Kind::Operator, std::string(it->second));
        if (auto it = symbols().find(name); it != symbols().end())
            return leaf(MathNode::Kind::Symbol, std::string(it->second));
        if (auto it = functions().find(name); it != functions().end())
            return leaf(MathNode::Kind::Function, std::string(it->second));
        if (ignored(name)) {
            if (name == "left" || name == "right") {
                skip_ws();
                if (peek() == '.') ++i_;  // \left. : no delimiter
            }
            return std::nullopt;
        }
        if (name == "sqrt") {
            skip_ws();
            if (peek() == '[') fail(i_, "\\sqrt[n]{…} (an n-th root) is not supported in math");
            MathNode n;
            n.kind = MathNode::Kind::Sqrt;
            n.children = script_arg(at, "argument of \\sqrt");
            return n;
        }
        static const std::map<std::string_view, Font> fonts = {
            {"mathcal", Font::Script}, {"mathscr", Font::Script}, {"mathbf", Font::Bold},
            {"mathrm", Font::Roman},   {"mathit", Font::Italic},  {"mathbb", Font::DoubleStruck}};
        if (auto it = fonts.find(name); it != fonts.end()) {
            Font saved = font_;
            font_ = it->second;
            auto body = script_arg(at, ("argument of \\" + name).c_str());
            font_ = saved;
            return merge(std::move(body));
        }
        if (name == "text" || name == "textrm" || name == "operatorname") {
            std::string raw = raw_arg(at, name);
            return leaf(name == "operatorname" ? MathNode::Kind::Function : MathNode::Kind::Symbol, raw);
        }
        fail(at, "unknown math command \\" + name);
    }

    // {text} taken verbatim (TeX text mode), braces balanced, \x → x.
    std::string raw_arg(size_t at, const std::string& name) {
        skip_ws();
        if (peek() != '{') fail(at, "\\" + name + " needs a {…} argument");
        size_t open = i_++;
        std::string out;
        int depth = 1;
        while (!eof()) {
            char c = s_[i_++];
            if (c == '\\' && !eof()) {
                out += s_[i_++];
                continue;
            }
            if (c == '{') ++depth;
            if (c == '}' && --depth == 0) return out;
            out += c;
        }
        fail(open, "unclosed '{' in math");
    }

    // A styled group of plain symbols becomes one symbol (one shaped run); else a group.
    static MathNode merge(std::vector<MathNode> nodes) {
        if (nodes.size() == 1) return std::move(nodes[0]);
        bool all_symbols = !nodes.empty();
        for (const auto& n : nodes) all_symbols = all_symbols && n.kind == MathNode::Kind::Symbol;
        if (all_symbols) {
            std::string s;
            for (const auto& n : nodes) s += n.text;
            return leaf(MathNode::Kind::Symbol, s);
        }
        MathNode g;
        g.kind = MathNode::Kind::Group;
        g.children = std::move(nodes);
        return g;
    }
};

// Unicode super/subscript forms for plain text, when every character has one.
std::optional<std::string> script_form(const std::string& s, bool up) {
    static const std::map<std::string_view, std::string_view> sup = {
        {"0", "⁰"}, {"1", "¹"}, {"2", "²"}, {"3", "³"}, {"4", "⁴"}, {"5", "⁵"}, {"6", "⁶"}, {"7", "⁷"},
        {"8", "⁸"}, {"9", "⁹"}, {"+", "⁺"}, {"−", "⁻"}, {"=", "⁼"}, {"(", "⁽"}, {")", "⁾"}};
    static const std::map<std::string_view, std::string_view> sub = {
        {"0", "₀"}, {"1", "₁"}, {"2", "₂"}, {"3", "₃"}, {"4", "₄"}, {"5", "₅"}, {"6", "₆"}, {"7", "₇"},
        {"8", "₈"}, {"9", "₉"}, {"+", "₊"}, {"−", "₋"}, {"=", "₌"}, {"(", "₍"}, {")", "₎"}};
    const auto& m = up ? sup : sub;
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t n = 1;
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
        auto it = m.find(std::string_view(s).substr(i, n));
        if (it == m.end()) return std::nullopt;
        out += it->second;
        i += n;
    }
    return out;
}

size_t code_points(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

std::vector<MathNode> parse_math(const model::Text& text, size_t begin, size_t end) {
    return Parser(text, begin, end).parse();
}

std::string math_plain_text(const std::vector<MathNode>& nodes) {
    std::string out;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const MathNode& n = nodes[i];
        switch (n.kind) {
            case MathNode::Kind::Symbol:
            case MathNode::Kind::Operator: out += n.text; break;
            case MathNode::Kind::Function:
                out += n.text;
                if (i + 1 < nodes.size()) out += ' ';
                break;
            case MathNode::Kind::Group: out += math_plain_text(n.children); break;
            case MathNode::Kind::Sqrt: {
                std::string body = math_plain_text(n.children);
                out += "√";
                out += code_points(body) == 1 ? body : "(" + body + ")";
                break;
            }
            case MathNode::Kind::Scripts: {
                out += math_plain_text(n.children);
                for (int k = 0; k < 2; ++k) {
                    const auto& part = k == 0 ? n.sub : n.sup;
                    if (part.empty()) continue;
                    std::string s = math_plain_text(part);
                    if (auto f = script_form(s, k == 1)) {
                        out += *f;
                    } else {
                        out += k == 0 ? '_' : '^';
                        out += code_points(s) == 1 ? s : "(" + s + ")";
                    }
                }
                break;
            }
        }
    }
    return out;
}

}  // namespace cvpdf::style::detail
