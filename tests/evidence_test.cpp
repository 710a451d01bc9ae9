// Rounds: what the loader keeps, and one test per kind of bad evidence.
#include "load/round_load_fast.hpp"
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace evidence_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::framework_from;
using shifan::testing::small_round;

namespace {
std::string load_error(const std::string& round_json) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    return error_of([&] { parse_round_json(round_json, f, "ev.json"); });
}
std::string entry_error(const std::string& entry) { return load_error(small_round({{{"A1", entry}}})); }
} // namespace

TEST(Round, UnitsAttributesAndEntries) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    const Round r = parse_round_json(
        small_round(
            {{},
             {{"B2", "-"}, {"A1", R"({"fields": {"rate": 0.5, "ok": true, "grade": "良"}, "method": "暗访", "ref": "R9",
            "findings": [{"severity": "minor", "count": 2, "note": "n"}], "ratings": [80, {"expert": "E2", "score": 90}]})"}}},
            {R"({"level": "县", "region": "北片"})", R"({"level": "区"})"}),
        f, "ev.json");
    EXPECT_EQ(r.id(), "t");
    EXPECT_EQ(r.framework_id(), "small");
    ASSERT_EQ(r.unit_count(), 2u);
    EXPECT_EQ(r.units()[0].name, "单位1");
    EXPECT_EQ(r.units()[0].attribute("region"), "北片");
    EXPECT_EQ(r.units()[1].attribute("region"), "");
    EXPECT_EQ(*r.find_unit("U2"), 1u);
    EXPECT_EQ(r.entry(*f.find("B2"), 1), nullptr);
    const EvidenceEntry* e = r.entry(*f.find("A1"), 1);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(r.text(r.method(*e)), "暗访");
    EXPECT_EQ(r.note(*e), no_string);
    const FieldValue* rate = r.field(*e, r.strings().find("rate"));
    ASSERT_NE(rate, nullptr);
    EXPECT_EQ(rate->kind, FieldKind::number);
    EXPECT_EQ(rate->number(), 0.5);
    EXPECT_EQ(rate->text(), no_string); // a number has no text
    const FieldValue* grade = r.field(*e, r.strings().find("grade"));
    EXPECT_EQ(grade->kind, FieldKind::text);
    EXPECT_EQ(r.text(grade->text()), "良");
    EXPECT_EQ(grade->number(), 0); // nor a text a number, though the two share their place
    const FieldValue* ok = r.field(*e, r.strings().find("ok"));
    EXPECT_EQ(ok->kind, FieldKind::boolean);
    EXPECT_EQ(ok->number(), 1);
    EXPECT_EQ(ok->text(), no_string);
    EXPECT_EQ(r.field_origin(*ok), 0u);                      // a JSON round places its values by pointer
    EXPECT_EQ(r.field_origin(FieldValue::of_number(1)), 0u); // and a value of no round has none
    ASSERT_EQ(r.findings(*e).size(), 1u);
    EXPECT_EQ(r.findings(*e)[0].count, 2u);
    EXPECT_EQ(r.text(r.findings(*e)[0].method), "暗访"); // inherited from the entry
    EXPECT_EQ(r.text(r.findings(*e)[0].ref), "R9");
    ASSERT_EQ(r.ratings(*e).size(), 2u);
    EXPECT_EQ(r.ratings(*e)[1].score, 90);
    EXPECT_EQ(r.text(r.ratings(*e)[1].expert), "E2");
    EXPECT_EQ(r.entry_location(*e, f), "/units/1/evidence/A1");
}

TEST(RoundErrors, UnknownIndicatorCode) {
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "evidence": {"Z9": {}}}]})"),
              "ev.json: /units/0/evidence/Z9: unknown indicator code 'Z9' (not in indicator system 'small')");
}

TEST(RoundErrors, EvidenceOnABranch) {
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "evidence": {"A": {}}}]})"),
              "ev.json: /units/0/evidence/A: 'A' is not a leaf indicator; evidence belongs to leaves");
}

TEST(RoundErrors, DuplicateUnit) {
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n"}, {"id": "U1", "name": "m"}]})"),
              "ev.json: /units/1: duplicate unit id 'U1' (first at /units/0)");
}

TEST(RoundErrors, Counts) {
    EXPECT_EQ(entry_error(R"({"findings": [{"count": -2}]})"),
              "ev.json: /units/0/evidence/A1/findings/0/count: expected a whole number from 1 to 1000000, found -2");
    EXPECT_EQ(entry_error(R"({"findings": [{"count": 0}]})"),
              "ev.json: /units/0/evidence/A1/findings/0/count: expected a whole number from 1 to 1000000, found 0");
    EXPECT_EQ(entry_error(R"({"findings": [{"count": 1.5}]})"),
              "ev.json: /units/0/evidence/A1/findings/0/count: expected a whole number, found the number 1.5");
    EXPECT_EQ(entry_error(R"({"findings": [{"count": "3"}]})"),
              "ev.json: /units/0/evidence/A1/findings/0/count: expected a whole number, found \"3\"");
}

TEST(RoundErrors, WrongTypesAndValues) {
    EXPECT_EQ(entry_error(R"({"fields": {"ok": null}})"),
              "ev.json: /units/0/evidence/A1/fields/ok: expected a number, true/false or a string, found null");
    EXPECT_EQ(entry_error(R"({"fields": {"ok": [1]}})"),
              "ev.json: /units/0/evidence/A1/fields/ok: expected a number, true/false or a string, found an array");
    EXPECT_EQ(entry_error(R"({"fields": {"rate": 1e999}})"),
              "ev.json: /units/0/evidence/A1/fields/rate: JSON value out of range: number overflow parsing '1e999'");
    // Texts and keys beyond 1 MiB (the limit), and nesting beyond 64 levels; the fast loader leaves
    // them to the strict one, which names the place.
    const std::string long_text((1 << 20) + 1, 'x');
    EXPECT_EQ(entry_error(R"({"note": ")" + long_text + R"("})"),
              "ev.json: /units/0/evidence/A1/note: a text of 1048577 bytes, longer than the limit of 1048576 bytes");
    EXPECT_EQ(entry_error(R"({"fields": {")" + long_text + R"(": 1}})"),
              "ev.json: /units/0/evidence/A1/fields: a key of 1048577 bytes, longer than the limit of 1048576 bytes");
    EXPECT_EQ(
        entry_error(R"({"fields": {"list": )" + std::string(100, '[') + std::string(100, ']') + "}}"),
        "ev.json: /units/0/evidence/A1/fields/list" +
            [] {
                // The document, "units", the unit, "evidence", the entry and "fields" take six
                // levels; 58 of the arrays open, and the 59th is refused.
                std::string more;
                for (int i = 0; i < 64 - 6; ++i)
                    more += "/0";
                return more;
            }() +
            ": nested deeper than 64 levels of arrays and objects (the limit)");
    // JSON has no NaN or infinity: the literal is a syntax error at its place.
    EXPECT_EQ(load_error("{\"round\": {\"id\": \"t\"}, \"units\": [{\"id\": \"U1\", \"name\": \"n\",\n"
                         "  \"evidence\": {\"A1\": {\"fields\": {\"rate\": NaN}}}}]}"),
              // 41 characters precede the N on line 2, so it stands in column 42.
              "ev.json: line 2, column 42: JSON syntax error: syntax error while parsing value - invalid literal; "
              "last read: '\"rate\": N'");
    EXPECT_EQ(entry_error(R"({"ratings": ["九十"]})"),
              "ev.json: /units/0/evidence/A1/ratings/0: expected a number, found \"九十\"");
    EXPECT_EQ(entry_error(R"({"ratings": [{"expert": "E1"}]})"),
              "ev.json: /units/0/evidence/A1/ratings/0: missing member 'score'");
    EXPECT_EQ(entry_error(R"({"fieldz": {}})"),
              "ev.json: /units/0/evidence/A1/fieldz: unknown member 'fieldz' (expected one of: fields, findings, "
              "ratings, method, ref, note)");
    EXPECT_EQ(entry_error(R"({"findings": [{"severity": ""}]})"),
              "ev.json: /units/0/evidence/A1/findings/0/severity: expected a non-empty string");
    EXPECT_EQ(entry_error(R"([])"), "ev.json: /units/0/evidence/A1: expected an object, found an array");
}

TEST(RoundErrors, UnitsAndRound) {
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1"}]})"),
              "ev.json: /units/0: missing member 'name'");
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "", "name": "n"}]})"),
              "ev.json: /units/0/id: expected a non-empty string");
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": {}})"),
              "ev.json: /units: expected an array, found an object");
    EXPECT_EQ(load_error(R"({"units": []})"), "ev.json: /: missing member 'round'");
    EXPECT_EQ(load_error(R"({"round": {"id": "t", "indicators": "other"}, "units": []})"),
              "ev.json: /round/indicators: the round is for indicator system 'other', but 'small' (ind.json) is "
              "loaded");
    EXPECT_EQ(load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "attributes": {"level": 3}}]})"),
              "ev.json: /units/0/attributes/level: expected a string, found the number 3");
    EXPECT_EQ(
        load_error(R"({"round": {"id": "t"}, "units": [{"id": "U1", "name": "n", "evidence": {"A1": {}, "A1": {}}}]})"),
        "ev.json: /units/0/evidence/A1: duplicate key 'A1'");
    EXPECT_EQ(load_error("{\"round\": {\"id\": \"t\"}, \"units\": [\n"),
              "ev.json: line 2, column 1: JSON syntax error: "
              "syntax error while parsing value - unexpected "
              "end of input; expected '[', '{', or a literal");
}

TEST(Round, TheBuilderFindsUnitsByTheIdsAdded) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    RoundBuilder builder(f, "mem");
    EXPECT_EQ(builder.find_unit("U1"), std::nullopt);
    for (const char* id : {"U1", "县-长沙-00000000000000001", "U2"}) {
        Unit unit;
        unit.id = id;
        unit.name = id;
        builder.add_unit(std::move(unit), "/units/evidence");
    }
    EXPECT_EQ(builder.find_unit("U1"), 0u);
    EXPECT_EQ(builder.find_unit("县-长沙-00000000000000001"), 1u); // longer than a string holds in place
    EXPECT_EQ(builder.find_unit(std::string_view("U2U1", 2)), 2u); // a view of a longer text: its own part only
    EXPECT_EQ(builder.find_unit("U"), std::nullopt);
    EXPECT_EQ(builder.find_unit("U3"), std::nullopt);
    EXPECT_EQ(builder.find_unit(""), std::nullopt);
}

TEST(Round, AttributesNamedForTables) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    std::string text = small_round({{}, {}}, {R"({"level": "县", "region": "北片"})", R"({"level": "区"})"});
    const std::string round = R"("indicators": "small")";
    text.replace(text.find(round), round.size(), round + R"(, "attributes": {"region": "片区"})");
    // Both loaders read the names; an attribute without one is titled by its key.
    for (const Round& r : {parse_round_json(text, f, "ev.json"), detail::parse_round_json_strict(text, f, "ev.json")}) {
        EXPECT_EQ(r.attribute_name("region"), "片区");
        EXPECT_EQ(r.attribute_name("level"), "level");
        EXPECT_EQ(r.attribute_names(), (std::vector<std::pair<std::string, std::string>>{{"region", "片区"}}));
    }
    EXPECT_TRUE(detail::parse_round_json_fast(text, f, "ev.json").has_value());
}

TEST(RoundErrors, AttributeNames) {
    const auto named = [](const std::string& names) {
        std::string text = small_round({{}}, {R"({"region": "北片"})"});
        const std::string round = R"("indicators": "small")";
        return load_error(text.replace(text.find(round), round.size(), round + R"(, "attributes": )" + names));
    };
    // A name for an attribute no unit has names nothing: most likely a misspelt key.
    EXPECT_EQ(named(R"({"regoin": "片区"})"),
              "ev.json: /round/attributes/regoin: attribute 'regoin' is named, but no unit has it (misspelt?)");
    EXPECT_EQ(named(R"({"region": ""})"),
              "ev.json: /round/attributes/region: attribute 'region' is given an empty name");
    EXPECT_EQ(named(R"({"region": 1})"), "ev.json: /round/attributes/region: expected a string, found the number 1");
    EXPECT_EQ(named(R"(["片区"])"), "ev.json: /round/attributes: expected an object, found an array");
}

TEST(RoundErrors, InvalidUtf8) {
    EXPECT_EQ(load_error("{\"round\": {\"id\": \"t\"}, \"units\": [{\"id\": \"U1\", \"name\": \"\xD7\xDC\"}]}"),
              // 0xDC, the 57th character, cannot follow the lead byte 0xD7; the message shows both bytes
              // escaped, so that it is itself valid UTF-8.
              "ev.json: line 1, column 57: JSON syntax error: syntax error while parsing value - invalid string: "
              "ill-formed UTF-8 byte; last read: '\"\\xD7\\xDC'");
}

TEST(RoundErrors, MissingFile) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    EXPECT_EQ(error_of([&] { load_round("/nonexistent/ev.json", f); }),
              "/nonexistent/ev.json: cannot read: No such file or directory");
}

TEST(Coverage, MissingCellsAndFieldsNoRuleReads) {
    using shifan::testing::small_rubric;
    const Framework f = framework_from(shifan::testing::small_framework_json);
    const Rubric rubric = Rubric::parse_json(small_rubric({}), f, "rub.json");
    const Round r = parse_round_json(small_round({{{"B2", "-"}},
                                                  {{"A2", R"({"fields": {"ok": true, "okk": true}})"}},
                                                  {{"A2", R"({"fields": {"okk": 1}})"}}}),
                                     f, "ev.json");
    const Coverage c = coverage(f, rubric, r);
    EXPECT_EQ(c.cells, 12u);
    EXPECT_EQ(c.covered(), 11u);
    ASSERT_EQ(c.missing.size(), 1u);
    EXPECT_EQ(c.missing[0], std::make_pair(UnitIndex{0}, *f.find("B2")));
    EXPECT_EQ(c.unread_fields, (std::map<std::pair<std::string, std::string>, std::size_t>{{{"A2", "okk"}, 2}}));
}

} // namespace evidence_test
