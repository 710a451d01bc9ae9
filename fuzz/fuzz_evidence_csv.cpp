// Evidence as a directory of CSV tables against the small indicator system and rubric of the
// tests. The bytes hold the tables: a line "@@ NAME" starts table NAME (units, fields, findings,
// ratings, entries or events; other names and the text before the first such line are ignored),
// and the table is the text up to the next such line. The tables are written to a temporary
// directory, and a round that loads is scored, ranked and written.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>

namespace shifan::fuzz::evidence_csv {

namespace {

struct Fixture {
    shifan::Framework framework;
    shifan::Rubric rubric;
    std::filesystem::path dir;

    ~Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

constexpr std::array<std::string_view, 6> table_names{"units", "fields", "findings", "ratings", "entries", "events"};

Fixture& fixture() {
    static Fixture f = [] {
        using shifan::fuzz::source_file;
        shifan::Framework framework = shifan::load_framework(source_file("tests/data/small/indicators.json"));
        shifan::Rubric rubric = shifan::load_rubric(source_file("tests/data/small/rubric.json"), framework);
        std::string pattern = (std::filesystem::temp_directory_path() / "shifan-fuzz-csv-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
        return Fixture{std::move(framework), std::move(rubric), pattern};
    }();
    return f;
}

/// A table's name (`fields`), or one of a table split per unit (`fields-U1`: letters and digits).
bool is_table_name(std::string_view name) {
    for (std::string_view known : table_names) {
        if (name == known) return true;
        if (name.size() > known.size() + 1 && name.size() <= known.size() + 9 && name.starts_with(known) &&
            name[known.size()] == '-' &&
            std::all_of(name.begin() + static_cast<std::ptrdiff_t>(known.size()) + 1, name.end(),
                        [](unsigned char c) { return std::isalnum(c) != 0; }))
            return true;
    }
    return false;
}

/// The tables in the bytes, by name.
std::map<std::string_view, std::string_view> split_tables(std::string_view text) {
    std::map<std::string_view, std::string_view> tables;
    std::string_view* current = nullptr;
    std::size_t begin = 0;
    auto close = [&](std::size_t end) {
        if (current) *current = text.substr(begin, end - begin);
    };
    for (std::size_t line = 0; line < text.size();) {
        std::size_t next = text.find('\n', line);
        next = next == std::string_view::npos ? text.size() : next + 1;
        if (text.substr(line, 3) == "@@ ") {
            close(line);
            std::string_view name = text.substr(line + 3, next - line - 3);
            while (!name.empty() && (name.back() == '\n' || name.back() == '\r'))
                name.remove_suffix(1);
            current = nullptr;
            if (is_table_name(name)) current = &tables[name];
            begin = next;
        }
        line = next;
    }
    close(text.size());
    return tables;
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    const auto tables = split_tables(shifan::fuzz::as_text(data, size));
    // The directory holds exactly this input's tables.
    for (const auto& entry : std::filesystem::directory_iterator(f.dir))
        std::filesystem::remove(entry.path());
    for (const auto& [name, text] : tables) {
        const std::filesystem::path path = f.dir / (std::string(name) + ".csv");
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
    }
    try {
        const shifan::Round round = shifan::load_round_csv(f.dir, f.framework);
        try {
            shifan::fuzz::score_round(f.framework, f.rubric, round);
        } catch (const shifan::InputError&) {
        }
    } catch (const shifan::InputError&) {
    }
    return 0;
}

} // namespace shifan::fuzz::evidence_csv
