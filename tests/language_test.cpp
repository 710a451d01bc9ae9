// The language layer: the catalogue is complete in both languages, the language is chosen as
// documented, and the example round's sentences read as Chinese prose.
#include "support.hpp"

#include <map>
#include <regex>
#include <set>

#include <fmt/args.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace language_test {

using namespace shifan;
using shifan::testing::source_path;

namespace {

/// The names of a message's arguments: what stands in braces ("{lost}", "{share:>5}" → "share").
std::set<std::string> arguments(std::string_view text) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{') continue;
        if (i + 1 < text.size() && text[i + 1] == '{') {
            ++i; // "{{" is a literal brace
            continue;
        }
        const std::size_t end = text.find_first_of(":}", i);
        names.insert(std::string(text.substr(i + 1, end - i - 1)));
        i = end;
    }
    return names;
}

/// The text with every argument filled by its own name in angle brackets, or by a number where the
/// message formats one ("{cr:.4f}", "{value:g}").
std::string render(std::string_view text) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const std::string& name : arguments(text)) {
        const std::size_t at = text.find("{" + name + ":");
        const bool number = at != std::string_view::npos &&
                            std::string_view("eEfFgG%").find(text[text.find('}', at) - 1]) != std::string_view::npos;
        if (number)
            store.push_back(fmt::arg(name.c_str(), 1.5));
        else
            store.push_back(fmt::arg(name.c_str(), "<" + name + ">"));
    }
    return fmt::vformat(text, store);
}

/// Words of Latin letters (two or more) in a text, after taking out every token of `allowed`: what a
/// Chinese reader would see as English. The tokens are ordered once, not once a text: the report's
/// tests read thousands of texts against hundreds of identifiers.
class EnglishWords {
public:
    explicit EnglishWords(const std::set<std::string>& allowed) : tokens_(allowed.begin(), allowed.end()) {
        // Identifiers and codes read from the inputs stand as they are: longest first, so that a
        // field name is taken out before a word inside it.
        std::erase(tokens_, std::string());
        std::stable_sort(tokens_.begin(), tokens_.end(),
                         [](const auto& a, const auto& b) { return a.size() > b.size(); });
    }

    std::vector<std::string> operator()(std::string text) const {
        for (const std::string& token : tokens_) {
            std::size_t at = text.find(token);
            if (at == std::string::npos) continue;
            std::string kept;
            std::size_t from = 0;
            for (; at != std::string::npos; at = text.find(token, from)) {
                kept.append(text, from, at - from).push_back(' ');
                from = at + token.size();
            }
            text = kept.append(text, from);
        }
        // Each longest run of two or more ASCII letters is a word.
        std::vector<std::string> words;
        const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
        for (std::size_t at = 0; at < text.size();) {
            if (!letter(text[at])) {
                ++at;
                continue;
            }
            std::size_t end = at;
            while (end < text.size() && letter(text[end]))
                ++end;
            if (end - at >= 2) words.push_back(text.substr(at, end - at));
            at = end;
        }
        return words;
    }

private:
    std::vector<std::string> tokens_;
};

} // namespace

TEST(Catalogue, EveryMessageHasAUniqueKeyAndBothLanguages) {
    std::set<std::string_view> keys;
    ASSERT_GT(message_catalogue().size(), 50U);
    for (const Message& message : message_catalogue()) {
        EXPECT_FALSE(message.key.empty());
        EXPECT_TRUE(keys.insert(message.key).second) << "duplicate key " << message.key;
        EXPECT_FALSE(message.zh.empty()) << message.key << " has no Chinese";
        EXPECT_FALSE(message.en.empty()) << message.key << " has no English";
        EXPECT_TRUE(valid_utf8(message.zh) && valid_utf8(message.en)) << message.key;
        EXPECT_EQ(find_message(message.key), &message);
    }
    EXPECT_EQ(find_message("no_such_message"), nullptr);
}

TEST(Catalogue, BothLanguagesTakeTheSameArguments) {
    for (const Message& message : message_catalogue()) {
        const std::set<std::string> zh = arguments(message.zh);
        std::set<std::string> en = arguments(message.en);
        // English grammar (plural endings) is English only.
        for (const std::string& name : zh)
            EXPECT_FALSE(name.starts_with("en_")) << message.key << ": " << name << " in the Chinese";
        std::erase_if(en, [](const std::string& name) { return name.starts_with("en_"); });
        EXPECT_EQ(zh, en) << message.key;
        // Both texts are well-formed format strings.
        EXPECT_NO_THROW(render(message.zh)) << message.key;
        EXPECT_NO_THROW(render(message.en)) << message.key;
    }
}

// The helper the tests below read texts with: allowed tokens (longest first) taken out, then every
// run of two or more Latin letters is a word.
TEST(Catalogue, EnglishWordsAreTheLetterRunsLeftOutsideTheAllowedTokens) {
    const EnglishWords english_words({"AB", "ABC", "field_name"});
    EXPECT_EQ(english_words("xABCy 的 Hello，a B2 Zz field_name 甲"), (std::vector<std::string>{"Hello", "Zz"}));
    EXPECT_EQ(english_words("ABD"), std::vector<std::string>{});        // "AB" out, "D" alone
    EXPECT_EQ(english_words("指标ok"), std::vector<std::string>{"ok"}); // letters beside Chinese
    EXPECT_EQ(english_words("甲乙 1.5 分"), std::vector<std::string>{});
}

TEST(Catalogue, ChineseMessagesHaveNoEnglishWords) {
    // A Chinese message may name nothing English but its arguments and the names Chinese practice
    // writes in Latin letters, listed here: the CRITIC weighting method and the Unicode code order
    // departments are sorted in.
    // Error messages (keys err_*, error_*) and the help (help_*) also name what the inputs and the
    // command line spell in Latin letters: identifiers in “quotes” (members, columns, values to
    // type), --options, and the abbreviations of formats and methods listed here.
    const std::set<std::string> allowed{"CRITIC", "Unicode"};
    const std::set<std::string> allowed_in_errors{"CRITIC", "Unicode", "JSON", "CSV", "UTF-8", "UTF-16", "BOM", "XLSX",
                                                  "SHA-256", "AHP", "CR", "CI", "ID", "id", "NaN", "shifan", "GB18030",
                                                  "GBK",
                                                  // the programs evaluators save their tables with, and
                                                  // what a workbook is made of
                                                  "Excel", "WPS", "xlsx", "xls", "zip", "XML",
                                                  // the browser that prints PDFs, and the system it comes from
                                                  "Chromium", "Debian", "PDF"};
    // The help (keys help_*) is read the same way, and also names the formats it writes and the
    // suffixes of the files it reads (a single capital letter, a metavariable such as N, is no word).
    std::set<std::string> allowed_in_help = allowed_in_errors;
    allowed_in_help.insert({"Markdown", "PDF", "HTML", ".json", ".csv", ".xlsx"});
    const EnglishWords english_words(allowed), english_in_errors(allowed_in_errors), english_in_help(allowed_in_help);
    const std::regex argument("\\{[^}]*\\}"), quoted("“[^”]*”"), option("--[a-z][a-z-]*");
    for (const Message& message : message_catalogue()) {
        std::string text(message.zh);
        text = std::regex_replace(text, argument, " ");
        const bool help = message.key.starts_with("help_");
        // Notes of what reading converted (note_*) and warnings (warn_*) name encodings and values
        // as errors do.
        const bool like_errors = message.key.starts_with("err_") || message.key.starts_with("error_") ||
                                 message.key.starts_with("note_") || message.key.starts_with("warn_");
        if (like_errors || help) {
            text = std::regex_replace(text, quoted, " ");
            text = std::regex_replace(text, option, " ");
            EXPECT_EQ((help ? english_in_help : english_in_errors)(text), std::vector<std::string>{})
                << message.key << ": " << message.zh;
            continue;
        }
        EXPECT_EQ(english_words(text), std::vector<std::string>{}) << message.key << ": " << message.zh;
    }
}

TEST(Language, NamesAsPeopleAndLocalesWriteThem) {
    for (const char* zh : {"zh", "ZH", "zh-CN", "zh_CN", "zh_CN.UTF-8", "zh-Hans", "chinese", "中文"})
        EXPECT_EQ(parse_language(zh), Language::zh) << zh;
    for (const char* en : {"en", "EN", "en-US", "en_GB.UTF-8", "english"})
        EXPECT_EQ(parse_language(en), Language::en) << en;
    for (const char* neither : {"", "z", "zhx", "fr", "englishx", "cn"})
        EXPECT_EQ(parse_language(neither), std::nullopt) << neither;
    EXPECT_EQ(language_code(Language::zh), "zh-CN");
    EXPECT_EQ(language_code(Language::en), "en");
}

namespace {

std::map<std::string, std::string> environment;
const char* fake_getenv(const char* name) {
    const auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
}

} // namespace

TEST(Language, TheEnvironmentIsReadAsPosixDoes) {
    environment = {};
    EXPECT_EQ(language_from_environment(fake_getenv), std::nullopt);
    environment = {{"LANG", "zh_CN.UTF-8"}};
    EXPECT_EQ(language_from_environment(fake_getenv), Language::zh);
    // LC_ALL overrides LANG, whatever it says; an empty variable counts as unset.
    environment = {{"LANG", "zh_CN.UTF-8"}, {"LC_ALL", "C"}};
    EXPECT_EQ(language_from_environment(fake_getenv), std::nullopt);
    environment = {{"LANG", "en_US.UTF-8"}, {"LC_ALL", ""}, {"LC_MESSAGES", "zh_TW.UTF-8"}};
    EXPECT_EQ(language_from_environment(fake_getenv), Language::zh);
    environment = {{"LANG", "en_US.UTF-8"}};
    EXPECT_EQ(language_from_environment(fake_getenv), std::nullopt);
}

TEST(Language, ARubricDeclaresItsLanguage) {
    const Framework f = shifan::testing::framework_from(shifan::testing::small_framework_json);
    const auto rubric = [&](const std::string& member) {
        return Rubric::parse_json(
            R"({"format": "shifan.rubric/1", "id": "r", "indicators": "small")" + member +
                R"(, "rules": {"A1": [{"type": "met", "field": "a"}], "A2": [{"type": "met", "field": "a"}],
                                            "B1": [{"type": "met", "field": "a"}], "B2": [{"type": "met", "field": "a"}]}})",
            f, "rub.json");
    };
    EXPECT_EQ(rubric("").language(), std::nullopt);
    EXPECT_EQ(rubric(R"(, "language": "zh-CN")").language(), Language::zh);
    EXPECT_EQ(rubric(R"(, "language": "en")").language(), Language::en);
    EXPECT_EQ(shifan::testing::error_of([&] { rubric(R"(, "language": "fr")"); }),
              "rub.json: /language: expected \"zh-CN\" or \"en\", found \"fr\"");
}

namespace {

/// What may stand in Chinese prose about the example round: the identifiers its inputs define
/// (field names, codes, unit ids, attribute keys, evidence references, formula expressions);
/// anything else in Latin letters is an English word left in the prose.
std::set<std::string> input_identifiers(const Assessment& a) {
    std::set<std::string> ids;
    for (NodeIndex n = 0; n < a.framework().size(); ++n) {
        ids.insert(a.framework()[n].code);
        for (const Rule& rule : a.rubric().rules(n)) {
            for (std::string_view field : rule.fields())
                ids.insert(std::string(field));
            if (const auto* formula = std::get_if<FormulaRule>(&rule.spec)) ids.insert(formula->expression);
        }
    }
    for (const Unit& unit : a.round().units()) {
        ids.insert(unit.id);
        for (const auto& [key, value] : unit.attributes)
            ids.insert(key);
    }
    for (const Event& event : a.round().events())
        ids.insert(event.ref);
    for (const LedgerEntry& line : a.result().ledger())
        ids.insert(std::string(ledger_evidence(line, a.result())));
    return ids;
}

} // namespace

TEST(Language, TheExampleRoundsSentencesAndExplanationsAreChinese) {
    const Assessment a = Assessment::load({source_path("indicators/hunan-2021-2025.json"),
                                           source_path("rubrics/hunan-2021-2025.json"),
                                           source_path("examples/lanshan-2025/evidence.json"),
                                           {},
                                           {}});
    ASSERT_EQ(a.language(), Language::zh); // the rubric declares zh-CN
    const EnglishWords english_words(input_identifiers(a));
    const Result& result = a.result();
    std::size_t sentences = 0;
    for (UnitIndex u = 0; u < a.round().unit_count(); ++u) {
        std::vector<std::string> texts;
        for (const LedgerEntry& line : result.ledger_of(u))
            texts.push_back(describe(line, result, Language::zh));
        for (const BonusLine& line : result.bonus_of(u))
            texts.push_back(describe_bonus(line, result, Language::zh));
        for (const VetoRecord& veto : result.vetoes_of(u))
            texts.push_back(describe_veto(veto, result, Language::zh));
        texts.push_back(a.explain(a.round().units()[u].id));
        for (const std::string& text : texts)
            EXPECT_EQ(english_words(text), std::vector<std::string>{}) << text;
        sentences += texts.size();
    }
    EXPECT_GT(sentences, 300U);
}

TEST(Language, TheExampleReportIsChinese) {
    const Assessment a = Assessment::load({source_path("indicators/hunan-2021-2025.json"),
                                           source_path("rubrics/hunan-2021-2025.json"),
                                           source_path("examples/lanshan-2025/evidence.json"),
                                           {},
                                           {}});
    std::set<std::string> allowed = input_identifiers(a);
    // Names that stand in Chinese prose as they are: the spreadsheet function a note compares with,
    // and the character set names are sorted in.
    allowed.insert({"STDEV", "Unicode", "CRITIC"});
    const EnglishWords english_words(allowed);
    const Ranking ranking = a.rank({"region"});
    std::size_t cells = 0;
    for (const Table& table : a.report(ranking)) {
        std::vector<std::string> texts{table.title};
        for (const Column& column : table.columns)
            texts.push_back(column.title);
        for (const auto& row : table.rows)
            for (std::size_t k = 0; k < row.size(); ++k)
                if (const auto* text = std::get_if<std::string>(&row[k])) texts.push_back(*text);
        texts.insert(texts.end(), table.notes.begin(), table.notes.end());
        for (const std::string& text : texts)
            EXPECT_EQ(english_words(text), std::vector<std::string>{}) << table.id << ": " << text;
        cells += texts.size();
    }
    EXPECT_GT(cells, 5000U);
}

namespace {

/// Every word a person reads in `tables` (shifan::testing::texts_of, table by table).
std::vector<std::string> texts_of(const std::vector<Table>& tables) {
    std::vector<std::string> texts;
    for (const Table& table : tables) {
        const std::vector<std::string> read = shifan::testing::texts_of(table);
        texts.insert(texts.end(), read.begin(), read.end());
    }
    return texts;
}

} // namespace

TEST(Language, TheExampleAnalysesAndSummariesAreChinese) {
    const Sources sources{source_path("indicators/hunan-2021-2025.json"),
                          source_path("rubrics/hunan-2021-2025.json"),
                          source_path("examples/lanshan-2025/evidence.json"),
                          {},
                          {}};
    LoadOptions options;
    options.digests = true;
    const Assessment a = Assessment::load(sources, options);
    std::set<std::string> allowed = input_identifiers(a);
    // Identifiers of the inputs the audit and the summary name (files, ids, the command, the
    // language's code), and what Chinese practice writes in Latin letters: percentiles, the digest,
    // the program and its command line.
    for (const auto& path : {sources.indicators, sources.rubric, sources.evidence})
        allowed.insert(path.string());
    allowed.insert({a.framework().id(), a.rubric().id(), a.round().id(), "report", "zh-CN"});
    allowed.insert({"P5", "P95", "SHA-256", "shifan", "verify --out"});
    // The authors the sensitivity estimators are named after, as Chinese writing cites them.
    allowed.insert({"Saltelli", "Jansen"});
    // The audit names the options as typed and the inputs' digests.
    const Audit audit = a.audit("report", {{"group", "region"}});
    allowed.insert("group");
    for (const AuditInput& input : audit.inputs)
        allowed.insert(input.sha256);
    std::vector<std::string> texts;
    const auto add = [&](const std::vector<Table>& tables) {
        const std::vector<std::string> more = texts_of(tables);
        texts.insert(texts.end(), more.begin(), more.end());
    };
    // What-if: a finding withdrawn, gaps of a graded unit and of one capped by a veto.
    WhatIfRequest request;
    request.units = {"LS03", "LS09"};
    request.changes = {parse_withdraw("LS02:T45:LS02-案卷-011")};
    add(whatif_tables(a.what_if(request)));
    // Uncertainty: weights varied, ratings resampled, sensitivity.
    UncertaintyOptions uncertain;
    uncertain.replications = 64;
    uncertain.weights = {WeightVariation{}};
    uncertain.rating_noise = true;
    uncertain.sensitivity = true;
    const Ranking ranking = a.rank();
    add(uncertainty_tables(a.uncertainty(ranking, uncertain), ranking, a.result(), Language::zh));
    // The explanation as a table, the audit sheet, and the summary of validate.
    add({explanation_table(ranking, a.result(), a.unit("LS09"), Language::zh), audit_table(audit, Language::zh)});
    texts.push_back(validation_summary(validate(sources), Language::zh));
    const EnglishWords english_words(allowed);
    for (const std::string& text : texts)
        EXPECT_EQ(english_words(text), std::vector<std::string>{}) << text;
    EXPECT_GT(texts.size(), 500U);
}

TEST(Language, TheCompositeExampleIsChinese) {
    LoadOptions options;
    options.language = Language::zh;
    const Assessment a = Assessment::load({source_path("examples/composite/indicators.json"),
                                           source_path("examples/composite/rubric.json"),
                                           source_path("examples/composite/evidence.json"),
                                           {},
                                           {}},
                                          options);
    // The composite example gives no points (no ledger): its identifiers are its codes and unit ids.
    std::set<std::string> allowed{"CRITIC"};
    for (NodeIndex n = 0; n < a.framework().size(); ++n)
        allowed.insert(a.framework()[n].code);
    for (const Unit& unit : a.round().units())
        allowed.insert(unit.id);
    const Document document = a.composite_document(a.composite());
    const std::vector<std::string> texts = texts_of(document.tables);
    const EnglishWords english_words(allowed);
    for (const std::string& text : texts)
        EXPECT_EQ(english_words(text), std::vector<std::string>{}) << text;
    EXPECT_GT(texts.size(), 40U);
}

TEST(Errors, AnInputErrorIsOneLineInEitherLanguage) {
    const InputError error("round.csv", Bilingual{"第 3 行“value”列", "row 3, column 'value'"},
                           Bilingual{"应为数字，实际为“abc”", "expected a number, found \"abc\""});
    EXPECT_STREQ(error.what(), "round.csv: row 3, column 'value': expected a number, found \"abc\"");
    EXPECT_EQ(error.message(Language::en), error.what());
    EXPECT_EQ(error.message(Language::zh), "round.csv：第 3 行“value”列：应为数字，实际为“abc”");
    EXPECT_EQ(error.location(), "row 3, column 'value'");
    EXPECT_EQ(error.problem_text().zh, "应为数字，实际为“abc”");
    EXPECT_EQ(error.language(), std::nullopt);

    // No place, no file: the file is named as the input.
    const InputError nowhere("", "", "an embedder's own problem");
    EXPECT_STREQ(nowhere.what(), "<input>: an embedder's own problem");
    EXPECT_EQ(nowhere.message(Language::zh), "<输入>：an embedder's own problem");
}

TEST(Errors, AnOutputErrorInEitherLanguage) {
    const OutputError error(Bilingual{"out：无法写入：没有写入权限", "out: cannot write: Permission denied"});
    EXPECT_STREQ(error.what(), "out: cannot write: Permission denied");
    EXPECT_EQ(error.message(Language::zh), "out：无法写入：没有写入权限");
}

} // namespace language_test
