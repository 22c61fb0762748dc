#include "modules/reports/domain/formula.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "kernel/errors.hpp"

namespace giamngheo::reports {

class FormulaParser {
  public:
    FormulaParser(std::string_view text, Formula& out) : text_(text), out_(out) {}

    int parse() {
        const int root = expression();
        skip_space();
        if (pos_ != text_.size()) fail("thừa ký tự");
        return root;
    }

  private:
    using Op = Formula::Op;

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::invalid_input, "invalid_formula",
                    "công thức \"" + std::string(text_) + "\" sai ở vị trí " + std::to_string(pos_ + 1) + ": " + what);
    }

    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }

    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    int add(Formula::Node node) {
        out_.nodes_.push_back(std::move(node));
        return static_cast<int>(out_.nodes_.size() - 1);
    }

    int binary(Op op, int left, int right) { return add({op, 0, {}, {left, right}}); }

    int expression() {
        int left = term();
        for (;;) {
            if (accept('+')) left = binary(Op::add, left, term());
            else if (accept('-')) left = binary(Op::subtract, left, term());
            else return left;
        }
    }

    int term() {
        int left = factor();
        for (;;) {
            if (accept('*')) left = binary(Op::multiply, left, factor());
            else if (accept('/')) left = binary(Op::divide, left, factor());
            else return left;
        }
    }

    std::string name_until(char close, const char* what) {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != close) {
            const char c = text_[pos_];
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) fail(std::string("tên ") + what + " có ký tự không hợp lệ");
            ++pos_;
        }
        if (pos_ == text_.size()) fail(std::string("thiếu dấu đóng ") + close);
        std::string name(text_.substr(start, pos_ - start));
        ++pos_;
        if (name.empty()) fail(std::string("tên ") + what + " trống");
        return name;
    }

    int factor() {
        skip_space();
        if (pos_ >= text_.size()) fail("thiếu toán hạng");
        const char c = text_[pos_];
        if (c == '-') {
            ++pos_;
            return add({Op::negate, 0, {}, {factor()}});
        }
        if (c == '(') {
            ++pos_;
            const int inner = expression();
            if (!accept(')')) fail("thiếu dấu )");
            return inner;
        }
        if (c == '[') {
            ++pos_;
            std::string name = name_until(']', "ô");
            if (name.find('.') == std::string::npos) fail("ô phải viết [dòng.cột]");
            out_.cells_.push_back(name);
            return add({Op::cell, 0, std::move(name), {}});
        }
        if (c == '{') {
            ++pos_;
            std::string name = name_until('}', "chỉ số");
            out_.measures_.push_back(name);
            return add({Op::measure, 0, std::move(name), {}});
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            const std::string rest(text_.substr(pos_));
            char* end = nullptr;
            const double value = std::strtod(rest.c_str(), &end);
            pos_ += static_cast<std::size_t>(end - rest.c_str());
            return add({Op::number, value, {}, {}});
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            const std::size_t start = pos_;
            while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
            const std::string name(text_.substr(start, pos_ - start));
            Op op;
            if (name == "percent") op = Op::percent;
            else if (name == "sum") op = Op::sum;
            else if (name == "coalesce") op = Op::coalesce;
            else fail("không có hàm \"" + name + "\" (có: percent, sum, coalesce)");
            if (!accept('(')) fail("thiếu dấu ( sau " + name);
            std::vector<int> args{expression()};
            while (accept(',')) args.push_back(expression());
            if (!accept(')')) fail("thiếu dấu ) của " + name);
            if (op == Op::percent && args.size() != 2) fail("percent cần đúng 2 đối số");
            return add({op, 0, {}, std::move(args)});
        }
        fail(std::string("không hiểu ký tự '") + c + "'");
    }

    std::string_view text_;
    Formula& out_;
    std::size_t pos_ = 0;
};

Formula Formula::parse(std::string_view text) {
    Formula f;
    f.text_ = std::string(text);
    f.root_ = FormulaParser(text, f).parse();
    for (auto* names : {&f.cells_, &f.measures_}) {
        std::sort(names->begin(), names->end());
        names->erase(std::unique(names->begin(), names->end()), names->end());
    }
    return f;
}

Number Formula::evaluate(const Lookup& cell, const Lookup& measure) const {
    const Number value = eval(root_, cell, measure);
    if (value && !std::isfinite(*value)) return std::nullopt;
    return value;
}

Number Formula::eval(int index, const Lookup& cell, const Lookup& measure) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    const auto arg = [&](std::size_t i) { return eval(n.args[i], cell, measure); };
    switch (n.op) {
        case Op::number: return n.number;
        case Op::cell: return cell(n.name);
        case Op::measure: return measure(n.name);
        case Op::negate: {
            const Number v = arg(0);
            return v ? Number(-*v) : std::nullopt;
        }
        case Op::sum: {
            Number total;
            for (std::size_t i = 0; i < n.args.size(); ++i)
                if (const Number v = arg(i)) total = total.value_or(0) + *v;
            return total;
        }
        case Op::coalesce:
            for (std::size_t i = 0; i < n.args.size(); ++i)
                if (const Number v = arg(i)) return v;
            return std::nullopt;
        default: break;
    }
    const Number a = arg(0), b = arg(1);
    if (!a || !b) return std::nullopt;
    switch (n.op) {
        case Op::add: return *a + *b;
        case Op::subtract: return *a - *b;
        case Op::multiply: return *a * *b;
        case Op::divide: return *b == 0 ? std::nullopt : Number(*a / *b);
        case Op::percent: return *b == 0 ? std::nullopt : Number(*a / *b * 100);
        default: return std::nullopt;
    }
}

}  // namespace giamngheo::reports
