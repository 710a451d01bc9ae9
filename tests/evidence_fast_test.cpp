// The fast evidence loader against the strict one: the same Round, member for member, on every
// evidence file in the repository and on awkward valid inputs; and on bad inputs, a refusal, so that
// the strict loader's message is the one given.
#include "case_counts.hpp"
#include "load/round_load_fast.hpp"
#include "support.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace evidence_fast_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::framework_from;
using shifan::testing::read_text;

namespace {

std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(SHIFAN_SOURCE_DIR) / relative;
}

/// Two doubles the same to the bit (0 and -0 differ).
void expect_same_number(double x, double y, const std::string& what) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(y)) << what << ": " << x << " vs " << y;
}

/// Every member of two rounds: units, attributes, locations, entries and their arenas, the string
/// ids and texts, events.
void expect_same_round(const Round& a, const Round& b, const Framework& framework) {
    EXPECT_EQ(a.id(), b.id());
    EXPECT_EQ(a.name(), b.name());
    EXPECT_EQ(a.source(), b.source());
    EXPECT_EQ(a.framework_id(), b.framework_id());
    EXPECT_EQ(a.attribute_names(), b.attribute_names());

    ASSERT_EQ(a.strings().size(), b.strings().size());
    for (StringId s = 0; s < a.strings().size(); ++s)
        ASSERT_EQ(a.text(s), b.text(s)) << "string " << s;

    ASSERT_EQ(a.unit_count(), b.unit_count());
    for (UnitIndex u = 0; u < a.unit_count(); ++u) {
        const Unit& x = a.units()[u];
        const Unit& y = b.units()[u];
        EXPECT_EQ(x.id, y.id);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.attributes, y.attributes);
        EXPECT_EQ(x.location, y.location);
        for (NodeIndex n = 0; n < framework.size(); ++n) {
            const EvidenceEntry* ex = a.entry(n, u);
            const EvidenceEntry* ey = b.entry(n, u);
            ASSERT_EQ(ex == nullptr, ey == nullptr) << x.id << " " << framework[n].code;
            if (ex) {
                EXPECT_EQ(ex - a.entries().data(), ey - b.entries().data());
            }
        }
        const auto events_x = a.events_of(u);
        const auto events_y = b.events_of(u);
        EXPECT_EQ(events_x.size(), events_y.size());
    }

    ASSERT_EQ(a.entries().size(), b.entries().size());
    for (std::size_t i = 0; i < a.entries().size(); ++i) {
        const EvidenceEntry& x = a.entries()[i];
        const EvidenceEntry& y = b.entries()[i];
        const std::string where = a.entry_location(x, framework);
        EXPECT_EQ(where, b.entry_location(y, framework));
        EXPECT_EQ(x.unit, y.unit) << where;
        EXPECT_EQ(x.node, y.node) << where;
        EXPECT_EQ(x.fields_begin, y.fields_begin) << where;
        EXPECT_EQ(x.findings_begin, y.findings_begin) << where;
        EXPECT_EQ(x.findings_begin + a.findings(x).size(), y.findings_begin + b.findings(y).size()) << where;
        EXPECT_EQ(x.ratings_begin, y.ratings_begin) << where;
        EXPECT_EQ(x.ratings_begin + a.ratings(x).size(), y.ratings_begin + b.ratings(y).size()) << where;
        EXPECT_EQ(a.method(x), b.method(y)) << where;
        EXPECT_EQ(x.info, y.info) << where;
        EXPECT_EQ(x.ref, y.ref) << where;
        EXPECT_EQ(a.note(x), b.note(y)) << where;
        const auto fx = a.fields(x);
        const auto fy = b.fields(y);
        ASSERT_EQ(fx.size(), fy.size()) << where;
        for (std::size_t f = 0; f < fx.size(); ++f) {
            EXPECT_EQ(fx[f].name, fy[f].name) << where;
            EXPECT_EQ(fx[f].kind, fy[f].kind) << where;
            expect_same_number(fx[f].number(), fy[f].number(), where);
            EXPECT_EQ(fx[f].text(), fy[f].text()) << where;
        }
        const auto gx = a.findings(x);
        const auto gy = b.findings(y);
        ASSERT_EQ(gx.size(), gy.size()) << where;
        for (std::size_t f = 0; f < gx.size(); ++f) {
            EXPECT_EQ(gx[f].severity, gy[f].severity) << where;
            EXPECT_EQ(gx[f].count, gy[f].count) << where;
            EXPECT_EQ(gx[f].note, gy[f].note) << where;
            EXPECT_EQ(gx[f].method, gy[f].method) << where;
            EXPECT_EQ(gx[f].ref, gy[f].ref) << where;
        }
        const auto rx = a.ratings(x);
        const auto ry = b.ratings(y);
        ASSERT_EQ(rx.size(), ry.size()) << where;
        for (std::size_t r = 0; r < rx.size(); ++r) {
            expect_same_number(rx[r].score, ry[r].score, where);
            EXPECT_EQ(rx[r].expert, ry[r].expert) << where;
        }
    }

    ASSERT_EQ(a.events().size(), b.events().size());
    for (std::size_t i = 0; i < a.events().size(); ++i) {
        const Event& x = a.events()[i];
        const Event& y = b.events()[i];
        EXPECT_EQ(x.unit, y.unit);
        EXPECT_EQ(x.type, y.type);
        EXPECT_EQ(x.key, y.key);
        EXPECT_EQ(x.count, y.count);
        EXPECT_EQ(x.indicator, y.indicator);
        EXPECT_EQ(x.ref, y.ref);
        EXPECT_EQ(x.note, y.note);
        EXPECT_EQ(x.method, y.method);
        EXPECT_EQ(x.date, y.date);
        EXPECT_EQ(x.location, y.location);
    }
}

/// A reader of `text` as a file is read, giving at most `chunk` bytes a call.
detail::ChunkReader pieces_of(std::string_view text, std::size_t chunk) {
    return [text, chunk, at = std::size_t{0}](char* into, std::size_t room) mutable {
        const std::size_t n = std::min({room, chunk, text.size() - at});
        std::memcpy(into, text.data() + at, n);
        at += n;
        return n;
    };
}

/// The ways a file is read in pieces in these tests: bytes a read, and the buffer to begin with
/// (64 bytes at least; doubled while a value is longer).
constexpr std::pair<std::size_t, std::size_t> piece_sizes[] = {{1, 1}, {7, 100}, {4096, 64}, {1 << 20, 1 << 20}};

/// The fast loader reading `text` in pieces of `chunk` bytes into a buffer of `buffer` to begin with.
std::optional<Round> parse_in_pieces(std::string_view text, const Framework& framework, std::size_t chunk,
                                     std::size_t buffer) {
    return detail::parse_round_json_fast(pieces_of(text, chunk), text.size(), framework, "ev.json", buffer);
}

/// The fast loader accepts `text`, given whole and read in pieces of every size above, and gives
/// the strict loader's round.
void expect_fast_equals_strict(std::string_view text, const Framework& framework) {
    const Round strict = detail::parse_round_json_strict(text, framework, "ev.json");
    const std::optional<Round> fast = detail::parse_round_json_fast(text, framework, "ev.json");
    ASSERT_TRUE(fast.has_value()) << "the fast loader refused:\n" << text;
    expect_same_round(*fast, strict, framework);
    for (const auto& [chunk, buffer] : piece_sizes) {
        SCOPED_TRACE(fmt::format("read {} bytes at a time into {}", chunk, buffer));
        const std::optional<Round> read = parse_in_pieces(text, framework, chunk, buffer);
        ASSERT_TRUE(read.has_value()) << "the fast loader refused:\n" << text;
        expect_same_round(*read, strict, framework);
    }
}

/// The strict loader's message, or "no error".
std::string strict_error(std::string_view text, const Framework& framework) {
    return error_of([&] { detail::parse_round_json_strict(text, framework, "ev.json"); });
}

/// `text` is bad: the fast loader refuses it and parse_round_json gives the strict loader's message.
void expect_refused(std::string_view text, const Framework& framework) {
    const std::string message = strict_error(text, framework);
    ASSERT_NE(message, "no error") << text;
    EXPECT_FALSE(detail::parse_round_json_fast(text, framework, "ev.json").has_value()) << message << "\n" << text;
    EXPECT_FALSE(parse_in_pieces(text, framework, 5, 64).has_value()) << message << "\n" << text;
    EXPECT_EQ(error_of([&] { parse_round_json(text, framework, "ev.json"); }), message);
}

Framework small() { return framework_from(shifan::testing::small_framework_json); }

/// A round of the small system with one unit whose evidence is `evidence` (an object's inside).
std::string one_unit(const std::string& evidence, const std::string& extra = "") {
    return R"({"round": {"id": "t", "indicators": "small"}, "units": [{"id": "U1", "name": "n", "evidence": {)" +
           evidence + "}" + extra + "}]}";
}

const char* awkward_round = R"({"units": [
  {"name": "单位\u4e00", "id": "U/1~",
   "attributes": {"z": "后", "a\u00e9": "\ud83d\ude00", "": ""},
   "evidence": {
     "B2": {"note": "a \"quoted\" {[ note ]} \\", "fields": {"zeta": 1e3, "\u00e9t\u00e9": -0, "alpha": 0.1, "neg": -0.0,
            "big": 123456789012345678, "u64": 18446744073709551615, "i64": -9223372036854775808, "tiny": 2.5e-308,
            "huge": 1.7976931348623157e308, "E": 1E-2, "yes": true, "no": false, "empty": "", "\u0074ext": "\u00e9\n\t\\"},
            "ratings": [], "findings": []},
     "\u00411": {"fields": {}, "findings": [{"severity": "minor", "count": 18}, {"note": "无", "ref": "R\/1"}],
                 "ratings": [80.5, {"score": -0, "expert": "E\u0031"}, {"score": 1}], "method": "暗访", "ref": "R9"},
     "A2": {}
   },
   "events": [{"type": "bonus", "item": "award", "indicator": "A", "count": 2, "date": "2025-01-31", "note": "n"},
              {"type": "veto", "kind": "incident"}, {"type": "deduction", "kind": "late", "ref": "", "method": "m"}]},
  {"id": "U2", "name": "空", "evidence": {}, "events": [], "attributes": {}},
  {"id":"U3","name":"x","evidence":{"B1":{"fields":{"r":1}},"A1":{"ratings":[1,2,3]}}}
 ],
 "round": {"rubric": "r", "date": "2025", "name": "", "id": "t", "indicators": "small"},
 "format": "shifan.evidence/1"
}
)";

} // namespace

TEST(FastEvidence, SameRoundOnTheRepositoryFiles) {
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    const std::pair<const char*, const char*> files[] = {
        {"indicators/hunan-2021-2025.json", "examples/lanshan-2025/evidence.json"},
        {"examples/composite/indicators.json", "examples/composite/evidence.json"},
        {"tests/data/small/indicators.json", "tests/data/small/evidence.json"},
        {"tests/data/small/indicators.json", "tests/data/small/evidence-typo.json"},
        {"tests/data/small/indicators.json", "tests/data/bad/wrong-type.json"}, // wrong for the rubric only
    };
    for (const auto& [indicators, evidence] : files) {
        SCOPED_TRACE(evidence);
        const Framework framework = load_framework(source_path(indicators));
        expect_fast_equals_strict(read_text(source_path(evidence)), framework);
        // load_round reads the file in pieces and takes the fast path too.
        expect_same_round(load_round(source_path(evidence), framework),
                          detail::parse_round_json_strict(read_text(source_path(evidence)), framework,
                                                          source_path(evidence).string()),
                          framework);
    }
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
}

TEST(FastEvidence, BadRepositoryFilesKeepTheirMessages) {
    const Framework framework = load_framework(source_path("tests/data/small/indicators.json"));
    for (const char* file : {"tests/data/bad/duplicate-unit.json", "tests/data/bad/negative-count.json",
                             "tests/data/bad/unknown-code.json"}) {
        SCOPED_TRACE(file);
        expect_refused(read_text(source_path(file)), framework);
    }
}

TEST(FastEvidence, AwkwardButValidInputs) {
    const Framework f = small();
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    expect_fast_equals_strict(awkward_round, f);
    expect_fast_equals_strict(std::string("\xEF\xBB\xBF") + awkward_round, f);
    expect_fast_equals_strict(std::string("\xEF\xBB\xBF\xEF\xBB\xBF") + awkward_round, f); // as nlohmann/json reads it
    expect_fast_equals_strict(R"({"round": {"id": "t"}, "units": []})", f);
    expect_fast_equals_strict("\r\n\t {\"units\":[ ],\"round\":{\"id\":\"t\"}} \r\n", f);
    expect_fast_equals_strict(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"}]})", f);
    expect_fast_equals_strict(one_unit(R"("A1": {"fields": {"\u00e9": "\u00e8", "e\u0301": 1}})"), f);
    // Many units: the arenas are reserved from the first ones.
    std::string many = R"({"round": {"id": "t"}, "units": [)";
    for (int u = 0; u < 300; ++u)
        many += fmt::format(
            R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{"B2": {{"fields": {{"r": {}}}, "ref": "R{}"}},
            "A1": {{"findings": [{{"severity": "minor", "ref": "F{}"}}], "ratings": [{}]}}}}}})",
            u == 0 ? "" : ",", u, u, u * 0.01, u, u % 7, u);
    many += "]}";
    expect_fast_equals_strict(many, f);
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
}

// The scan that finds the units looks at 64 bytes at a time for quotes, backslashes and brackets:
// escapes, escaped quotes and brackets inside strings at every place across those blocks, in units
// that follow each other, still split the file where the strict loader's reading does.
TEST(FastEvidence, EscapesAndBracketsAtEveryPlaceOfTheScansBlocks) {
    const Framework f = small();
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    const char* tricky[] = {R"(\"{[)",     R"(\\)",       R"(\\\"]})",      R"(\\\\)",
                            R"(}]\"\\\")", R"(\u005c\")", R"(\/\b\f\n\r\t)"};
    std::string units;
    int u = 0;
    for (const char* text : tricky)
        for (std::size_t shift = 0; shift < 72; ++shift) {
            const std::string note = std::string(shift, 'x') + text + std::string(72 - shift, 'y');
            units += fmt::format(R"({}{{"id": "U{}", "name": "{}", "evidence": {{"A1": {{"note": "{}", "ref": "{}"}},)"
                                 R"( "B1": {{"fields": {{"{}": 1}}}}}}}})",
                                 u == 0 ? "" : ",", u, note, note, text, note);
            ++u;
        }
    const std::string round = R"({"round": {"id": "t"}, "units": [)" + units + "]}";
    expect_fast_equals_strict(round, f);
    // Each unit alone, shifted by one more byte before it each time.
    for (std::size_t lead = 0; lead < 65; ++lead)
        expect_fast_equals_strict(std::string(lead, ' ') + one_unit(R"("A1": {"note": "\\\"{\"}[\\"})"), f);
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
}

// A file is read in pieces into one buffer as the scan goes: a value across two pieces, or longer
// than the buffer, the end of the text anywhere, a read that fails.
TEST(FastEvidence, AFileIsReadInPiecesAsTheScanGoes) {
    const Framework f = small();
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    // A unit of 300 KB between two small ones: the buffer doubles from 64 bytes until it holds it.
    const std::string long_note(300'000, 'n');
    const std::string round = R"({"round": {"id": "t"}, "units": [{"id": "U0", "name": "a"}, )"
                              R"({"id": "U1", "name": "b", "evidence": {"A1": {"note": ")" +
                              long_note + R"("}}}, {"id": "U2", "name": "c"}]})";
    expect_fast_equals_strict(round, f);
    const std::optional<Round> read = parse_in_pieces(round, f, 4096, 64);
    ASSERT_TRUE(read.has_value());
    ASSERT_EQ(read->units().size(), 3U);
    EXPECT_EQ(read->text(read->note(read->entries()[0])), long_note);
    // Spaces after the root, past the first pieces, then nothing more or something more.
    const std::string spaced = std::string(R"({"round": {"id": "t"}, "units": []})") + std::string(500, ' ');
    expect_fast_equals_strict(spaced, f);
    expect_refused(spaced + "x", f);
    expect_refused(spaced + "}", f);
    // Every way of cutting the text short, read a few bytes at a time.
    const std::string text = awkward_round;
    for (std::size_t length = 0; length + 2 < text.size(); ++length)
        EXPECT_FALSE(parse_in_pieces(std::string_view(text).substr(0, length), f, 3, 64).has_value()) << length;
    // A read failing halfway refuses the file (the strict loader then reads it again and says why).
    const detail::ChunkReader failing = [&, at = std::size_t{0}](char* into, std::size_t room) mutable -> std::size_t {
        if (at > text.size() / 2) throw std::runtime_error("input/output error");
        const std::size_t n = std::min<std::size_t>({room, 16, text.size() - at});
        std::memcpy(into, text.data() + at, n);
        at += n;
        return n;
    };
    EXPECT_FALSE(detail::parse_round_json_fast(failing, text.size(), f, "ev.json", 64).has_value());
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
}

// load_round reads a file of several buffers in pieces: the units across the pieces' edges are
// those the strict loader reads, and no refusal sent it to the strict loader.
TEST(FastEvidence, LoadRoundReadsALargeFileInPieces) {
    const Framework f = small();
    std::string many = R"({"round": {"id": "t", "name": "大"}, "units": [)";
    for (int u = 0; u < 5000; ++u)
        many +=
            fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{"B2": {{"fields": {{"r": {}}}, )"
                        R"("ref": "R{}", "note": "{}"}}, "A1": {{"ratings": [{}]}}}}}})",
                        u == 0 ? "" : ",", u, u, u * 0.01, u, std::string(static_cast<std::size_t>(u % 97), 'x'), u);
    many += "], \"format\": \"shifan.evidence/1\"}\n";
    ASSERT_GT(many.size(), 3 * detail::fast_load_buffer_bytes);
    const shifan::testing::TempDir dir("shifan-pieces");
    const auto file = dir.path() / "evidence.json";
    std::ofstream(file, std::ios::binary) << many;
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    const Round loaded = load_round(file, f);
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
    ASSERT_EQ(loaded.units().size(), 5000U);
    expect_same_round(loaded, detail::parse_round_json_strict(many, f, file.string()), f);
}

TEST(FastEvidence, UnitsGivingTheirCodesInOtherOrders) {
    // The loader keeps the last unit's order of codes and reads a unit giving the same codes in the
    // same order without sorting them again: every change of order, number or spelling (escaped
    // or not) between units still gives the strict loader's round.
    const Framework f = small();
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    const auto units = [](const std::vector<std::string>& evidence) {
        std::string text = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
        for (std::size_t u = 0; u < evidence.size(); ++u)
            text += fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{{}}}}})", u ? ", " : "", u + 1,
                                u + 1, evidence[u]);
        return text + "]}";
    };
    const std::string b2 = R"("B2": {"fields": {"r": 0.5}})", a1 = R"("A1": {"fields": {"ok": true}})",
                      b1 = R"("B1": {"ratings": [3]})", a2 = R"("A2": {"ref": "R"})";
    expect_fast_equals_strict(
        units({b2 + ", " + a1, a1 + ", " + b2, a1 + ", " + b2, b2 + ", " + a1, a1 + ", " + b2 + ", " + b1,
               a1 + ", " + b2, "", a2, a2, R"("\u00411": {}, "B2": {})", a1 + ", " + b2 + ", " + b1 + ", " + a2}),
        f);
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
    // After an order kept from the units before: a code given twice, a code the system does not
    // have, and a branch, each refused with the strict loader's message.
    expect_refused(units({a1 + ", " + b2, R"("A1": {}, "A1": {})"}), f);
    expect_refused(units({a1 + ", " + b2, a1 + ", " + b2, R"("A1": {}, "Z9": {})"}), f);
    expect_refused(units({a1 + ", " + b2, R"("A1": {}, "B": {})"}), f);
}

TEST(FastEvidence, NamesAndMethodsRepeatedOrChangedIndicatorByIndicator) {
    // The loader compares each field name and method with the one the unit before gave the same
    // indicator before interning it: names kept, changed by one byte (at the start, the end, past
    // eight and sixteen bytes), escaped, given in another order, and members with more fields than
    // a place keeps, still give the strict loader's round, strings numbered alike.
    const Framework f = small();
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    std::string text = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    const std::vector<std::string> names = {"rate",
                                            "ratf",
                                            "rate_of_sixteen!",
                                            "rate_of_sixteen?",
                                            "a_name_longer_than_sixteen_1",
                                            "a_name_longer_than_sixteen_2",
                                            "\\u0072ate",
                                            "评分",
                                            "评分x"};
    const std::vector<std::string> methods = {"案卷评查", "实地核验", "案卷评查", "", "案卷评查"};
    for (std::size_t u = 0; u < 12; ++u) {
        const std::string& name = names[u % names.size()];
        const std::string& method = methods[u % methods.size()];
        std::string many; // ten fields: more than a place keeps
        for (int k = 9; k >= 0; --k)
            many += fmt::format(R"({}"f{}": {})", k == 9 ? "" : ", ", (k + static_cast<int>(u)) % 10, k);
        text += fmt::format(
            R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{"A1": {{"fields": {{"{}": {}, "ok": true, "t": "{}"}}{}}},)"
            R"( "B2": {{"fields": {{{}}}, "method": "{}"}}}}}})",
            u ? ", " : "", u + 1, u + 1, name, u % 3, u % 2 ? "良" : "优",
            method.empty() ? std::string() : fmt::format(R"(, "method": "{}")", method), many,
            methods[(u + 1) % methods.size()].empty() ? "座谈" : methods[(u + 1) % methods.size()]);
    }
    text += "]}";
    expect_fast_equals_strict(text, f);
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals);
    // An empty field name is refused with the strict loader's message, after units that named the
    // field at that place.
    std::string empty_name = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (int u = 1; u <= 3; ++u)
        empty_name += fmt::format(R"({}{{"id": "U{}", "name": "n", "evidence": {{"A1": {{"fields": {{"{}": 1}}}}}}}})",
                                  u > 1 ? ", " : "", u, u < 3 ? "rate" : "");
    expect_refused(empty_name + "]}", f);
}

TEST(FastEvidence, CodesReadInTheirTextsOrderNotTheSystemsOrder) {
    // The loader sorts a unit's codes by their ranks among the system's codes: the order of their
    // texts (A10 before A2, Z1 last), not the order the system lists them in, as the strict loader
    // visits them; units giving them in different orders and numbers each get the strict round.
    const Framework f = framework_from(R"({"id": "order", "name": "次序", "indicators": [
      {"code": "R", "name": "总分", "points": 100, "children": [
        {"code": "Z1", "name": "甲", "points": 30},
        {"code": "A2", "name": "乙", "points": 30},
        {"code": "A10", "name": "丙", "points": 40}]}]})");
    const auto entry = [](const std::string& code, int u) {
        return fmt::format(R"("{}": {{"fields": {{"v": {}}}, "method": "m{}"}})", code, u, code);
    };
    std::string text = R"({"round": {"id": "t", "indicators": "order"}, "units": [)";
    const std::vector<std::vector<std::string>> orders = {
        {"Z1", "A2", "A10"}, {"A10", "Z1"}, {"A2", "A10", "Z1"}, {"A2"}, {"Z1", "A10", "A2"}, {"A10", "A2", "Z1"}};
    for (std::size_t u = 0; u < orders.size(); ++u) {
        std::string evidence;
        for (const std::string& code : orders[u])
            evidence += (evidence.empty() ? "" : ", ") + entry(code, static_cast<int>(u));
        text += fmt::format(R"({}{{"id": "U{}", "name": "n", "evidence": {{{}}}}})", u ? ", " : "", u + 1, evidence);
    }
    expect_fast_equals_strict(text + "]}", f);
}

TEST(FastEvidence, DuplicateKeysAtEveryLevel) {
    const Framework f = small();
    const std::string unit = R"({"id": "U1", "name": "n"})";
    expect_refused(R"({"round": {"id": "t"}, "round": {"id": "t"}, "units": []})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [], "units": []})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [], "\u0075nits": []})", f);
    expect_refused(R"({"format": "shifan.evidence/1", "round": {"id": "t"}, "units": [], "format": "x"})", f);
    expect_refused(R"({"round": {"id": "t", "id": "u"}, "units": []})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "id": "U2"}]})", f);
    expect_refused(
        R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "attributes": {"a": "1", "a": "2"}}]})", f);
    expect_refused(one_unit(R"("A1": {}, "A1": {})"), f);
    expect_refused(one_unit(R"("A1": {}, "\u00411": {})"), f);
    expect_refused(one_unit(R"("A1": {"method": "a", "method": "b"})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": 1, "r": 2}})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": 1, "count": 2}]})"), f);
    expect_refused(one_unit(R"("A1": {"ratings": [{"score": 1, "score": 2}]})"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "veto", "type": "veto", "kind": "k"}])"), f);
    expect_refused(one_unit("", R"(, "evidence": {})"), f);
}

TEST(FastEvidence, SyntaxAndRangeProblems) {
    const Framework f = small();
    const std::string good = one_unit(R"("A1": {"fields": {"r": 1}})");
    expect_refused(good + " x", f);
    expect_refused(good + "}", f);
    expect_refused(good + ",", f);
    expect_refused(good + good, f);
    expect_refused("", f);
    expect_refused("   ", f);
    expect_refused("[]", f);
    expect_refused("null", f);
    expect_refused("\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF" + good, f);
    expect_refused(" \xEF\xBB\xBF" + good, f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": 1e400}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": -1e400}})"), f);
    expect_refused(one_unit(R"("A1": {"ratings": [1e999]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": 18446744073709551616}]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": 2.0}]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": 0}]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": -1}]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"count": 1000001}]})"), f);
    expect_refused(one_unit(R"("A1": {"findings": [{"severity": ""}]})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": null}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"": 1}})"), f);
    expect_refused(one_unit(R"("A1": {"ratings": [{"expert": "E"}]})"), f);
    expect_refused(one_unit(R"("A1": {"ratings": ["90"]})"), f);
    expect_refused(one_unit("\"A1\": {\"note\": \"\xFF\"}"), f);
    expect_refused(one_unit("\"A1\": {\"fields\": {\"r\xC3\": 1}}"), f);
    expect_refused(one_unit(R"("A1": {"note": "\ud800"})"), f);
    expect_refused(one_unit(R"("A1": {"note": "\udc00"})"), f);
    expect_refused(one_unit(R"("A1": {"note": "\ud800\u0041"})"), f);
    expect_refused(one_unit("\"A1\": {\"note\": \"a\tb\"}"), f);
    expect_refused(one_unit(R"("A1": {"note": "\x"})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": 01}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": 1.}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": .5}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": +1}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": NaN}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": 1,}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r" 1}})"), f);
    expect_refused(one_unit(R"("A1": {"fields": {"r": [1}]}})"), f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"},]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [,{"id": "U1", "name": "n"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"},,{"id": "U2", "name": "n"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"} {"id": "U2", "name": "n"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"}}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"]]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [1]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": {}})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": null})", f);
    expect_refused(R"({"round": {"id": "t"}})", f);
    expect_refused(R"({"units": []})", f);
    expect_refused(R"({"round": {"id": "t", "indicators": "other"}, "units": []})", f);
    expect_refused(R"({"format": "shifan.evidence/2", "round": {"id": "t"}, "units": []})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [], "extra": 1})", f);
    expect_refused(R"({"round": {"id": "t"} "units": []})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [], })", f);
    expect_refused(R"({"round": {"id": "t", "date": 2025}, "units": []})", f);
}

TEST(FastEvidence, EventsAndUnits) {
    const Framework f = small();
    expect_refused(one_unit("", R"(, "events": [{"type": "bonus", "kind": "k"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "bonus"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "veto", "kind": ""}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "penalty", "kind": "k"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "veto", "kind": "k", "indicator": "A"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "bonus", "item": "k", "indicator": "A1"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "bonus", "item": "k", "date": "2025-13-01"}])"), f);
    expect_refused(one_unit("", R"(, "events": [{"type": "bonus", "item": "k", "count": 0}])"), f);
    expect_refused(one_unit("", R"(, "events": {})"), f);
    expect_refused(one_unit(R"("A": {})"), f);
    expect_refused(one_unit(R"("Z9": {})"), f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"}, {"id": "U1", "name": "m"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "", "name": "n"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1"}]})", f);
    expect_refused(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "attributes": {"a": 1}}]})", f);
}

// Every prefix of a valid file, and the file with any one byte replaced by a character that matters
// to the scan: the fast loader refuses whatever the strict loader refuses, and otherwise gives the
// same round.
TEST(FastEvidence, TruncatedAndMutatedFiles) {
    const Framework f = small();
    const std::string text = awkward_round;
    for (std::size_t length = 0; length + 2 < text.size(); ++length)
        expect_refused(std::string_view(text).substr(0, length), f);
    // Every byte as each of ten characters in the Release build; under the sanitizers, where each
    // parse costs ten times as much and the evidence fuzzer mutates the same parser for longer,
    // every byte as one of them, taken in turn (the next when it is the byte itself).
    constexpr char structural[] = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '1'};
    constexpr std::size_t kinds = std::size(structural);
    for (std::size_t at = 0; at < text.size(); ++at) {
        const std::size_t in_turn = (at + (text[at] == structural[at % kinds])) % kinds;
        for (std::size_t kind = 0; kind < kinds; ++kind) {
            const char c = structural[kind];
            if (text[at] == c || (shifan::testing::under_sanitizers && kind != in_turn)) continue;
            std::string mutated = text;
            mutated[at] = c;
            if (strict_error(mutated, f) == "no error") {
                const std::optional<Round> fast = detail::parse_round_json_fast(mutated, f, "ev.json");
                if (fast) expect_same_round(*fast, detail::parse_round_json_strict(mutated, f, "ev.json"), f);
            } else {
                ASSERT_FALSE(detail::parse_round_json_fast(mutated, f, "ev.json").has_value())
                    << "byte " << at << " as '" << c << "':\n"
                    << mutated;
            }
        }
    }
}

TEST(FastEvidence, BuilderComposesJsonLocationsOnError) {
    const Framework f = small();
    RoundBuilder builder(f, "ev.json");
    Unit unit;
    unit.id = "U1";
    unit.location = "/units/0";
    const UnitIndex u = builder.add_unit(unit, "/units/0/evidence");
    EXPECT_EQ(error_of([&] { builder.begin_entry(u, "Z~9"); }),
              "ev.json: /units/0/evidence/Z~09: unknown indicator code 'Z~9' (not in indicator system 'small')");
    builder.begin_entry(u, "A1");
    EXPECT_EQ(error_of([&] { builder.add_number("a/b", std::nan("")); }),
              "ev.json: /units/0/evidence/A1/fields/a~1b: expected a finite number");
    EXPECT_EQ(error_of([&] { builder.add_text("", "x"); }),
              "ev.json: /units/0/evidence/A1/fields/: field name is empty");
    builder.add_finding("minor", 1, "", "", "");
    EXPECT_EQ(error_of([&] { builder.add_finding("minor", 0, "", "", ""); }),
              "ev.json: /units/0/evidence/A1/findings/1: a finding's count must be at least 1");
    EXPECT_EQ(error_of([&] { builder.add_rating(INFINITY, ""); }),
              "ev.json: /units/0/evidence/A1/ratings/0: expected a finite number");
    builder.end_entry();
    EXPECT_EQ(error_of([&] { builder.begin_entry(u, "A1"); }),
              "ev.json: /units/0/evidence/A1: unit 'U1' already has evidence for 'A1'");
}

// The one known case where the strict loader accepts what the fast one refuses: an integer beyond
// 64 bits, which simdjson does not read and nlohmann/json reads as a double. The strict loader's
// round stands, and the count of such refusals says so.
TEST(FastEvidence, IntegersBeyond64BitsGoToTheStrictLoader) {
    const Framework f = small();
    const std::string text = one_unit(R"("A1": {"fields": {"r": 123456789012345678901234567890}})");
    EXPECT_FALSE(detail::parse_round_json_fast(text, f, "ev.json").has_value());
    const std::uint64_t refusals = detail::fast_loader_refusals_accepted();
    const Round round = parse_round_json(text, f, "ev.json");
    EXPECT_EQ(detail::fast_loader_refusals_accepted(), refusals + 1);
    expect_same_round(round, detail::parse_round_json_strict(text, f, "ev.json"), f);
    EXPECT_EQ(round.fields(*round.entry(*f.find("A1"), 0))[0].number(), 1.2345678901234568e29);
}

// Units are parsed in batches closed at a 64th of the text, between 32 KiB and 256 KiB: a small
// file's parsers take fresh pages in proportion to it, a large file's are not handed between the
// threads more often than they need be.
TEST(FastEvidence, BatchesFollowTheSizeOfTheText) {
    EXPECT_EQ(detail::fast_load_batch_bytes(0), 32'768U);
    EXPECT_EQ(detail::fast_load_batch_bytes(671'403), 32'768U); // 51 units of 125 indicators
    EXPECT_EQ(detail::fast_load_batch_bytes(2'097'151), 32'768U);
    EXPECT_EQ(detail::fast_load_batch_bytes(2'097'216), 32'769U);
    EXPECT_EQ(detail::fast_load_batch_bytes(4'000'000), 62'500U); // about 300 units
    EXPECT_EQ(detail::fast_load_batch_bytes(16'777'216), 262'144U);
    EXPECT_EQ(detail::fast_load_batch_bytes(42'383'075), 262'144U); // 3,200 units
}

} // namespace evidence_fast_test
