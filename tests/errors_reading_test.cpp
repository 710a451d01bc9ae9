// Errors of the reading stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "support.hpp"

using namespace shifan;

#include "infra/file_io.hpp"
#include "load/json_reader.hpp"
#include "shifan/infra/audit.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/infra/verify.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_reading_test {

namespace {

/// The error reading `text` as JSON raises, in Chinese; "no error" when it reads.
std::string parse_error_zh(const std::string& text) {
    try {
        detail::parse_json_strict(text, "ind.json");
    } catch (const InputError& e) {
        return e.message(Language::zh);
    }
    return "no error";
}

/// The InputError `body` raises, in Chinese and in English.
template <class Body> Bilingual input_error_of(Body&& body) {
    try {
        body();
    } catch (const InputError& e) {
        return {e.message(Language::zh), e.what()};
    }
    return Bilingual::same("no error");
}

template <class Body> Bilingual output_error_of(Body&& body) {
    try {
        body();
    } catch (const OutputError& e) {
        return {e.message(Language::zh), e.what()};
    }
    return Bilingual::same("no error");
}

void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

} // namespace

// nlohmann's syntax errors rebuilt phrase by phrase in Chinese, their English left as nlohmann writes it.
TEST(ReadingErrorsInChinese, JsonSyntaxErrorsPhraseByPhrase) {
    EXPECT_EQ(parse_error_zh("{\n  \"id\": \"x\",\n  \"p"),
              "ind.json：第 3 行第 5 列：JSON 语法错误：解析对象的键时出错——字符串缺少结尾的引号；最后读到“\"p”；"
              "此处应为字符串");
    EXPECT_EQ(parse_error_zh(""),
              "ind.json：第 1 行第 1 列：JSON 语法错误：解析值时出错——文本意外结束；此处应为“[”、“{”或值");
    EXPECT_EQ(parse_error_zh("cat"),
              "ind.json：第 1 行第 1 列：JSON 语法错误：解析值时出错——无法识别的内容；最后读到“c”");
    EXPECT_EQ(parse_error_zh("{\"a\": [1}"),
              "ind.json：第 1 行第 9 列：JSON 语法错误：解析数组时出错——此处不应出现“}”；此处应为“]”");
    EXPECT_EQ(parse_error_zh("{\"a\" 1}"),
              "ind.json：第 1 行第 6 列：JSON 语法错误：解析对象的键值分隔符时出错——此处不应出现数字；此处应为“:”");
    EXPECT_EQ(parse_error_zh("{\"a\": 1}\n{"),
              "ind.json：第 2 行第 1 列：JSON 语法错误：解析值时出错——此处不应出现“{”；此处应为文本结尾");
    EXPECT_EQ(parse_error_zh("{\"a\": 1 \"b\""),
              "ind.json：第 1 行第 11 列：JSON 语法错误：解析对象时出错——此处不应出现字符串；此处应为“}”");
}

TEST(ReadingErrorsInChinese, JsonScannerProblems) {
    EXPECT_EQ(
        parse_error_zh("{\"name\": \"决\xFF\"}"),
        "ind.json：第 1 行第 12 列：JSON 语法错误：解析值时出错——字符串中有不合法的 UTF-8 字节；最后读到“\"决\\xFF”");
    EXPECT_EQ(parse_error_zh("{\"a\": \"x\ny\"}"),
              "ind.json：第 1 行第 9 列：JSON 语法错误：解析值时出错——字符串中的控制字符“U+000A (LF)”必须转义，"
              "写成“\\u000A”或“\\n”；最后读到“\"x<U+000A>”");
    EXPECT_EQ(parse_error_zh("{\"a\": -}"),
              "ind.json：第 1 行第 8 列：JSON 语法错误：解析值时出错——数字不合法：“-”后面应为数字；最后读到“-}”");
    EXPECT_EQ(parse_error_zh("[70, NaN]"),
              "ind.json：第 1 行第 6 列：JSON 语法错误：解析值时出错——无法识别的内容；最后读到“70, N”");
    // English as nlohmann writes it, after "JSON syntax error: ".
    EXPECT_EQ(shifan::testing::error_of([] { detail::parse_json_strict("{\"a\": -}", "ind.json"); }),
              "ind.json: line 1, column 8: JSON syntax error: syntax error while parsing value - invalid number; "
              "expected digit after '-'; last read: '-}'");
}

TEST(ReadingErrorsInChinese, NumbersKeysAndNestingAtTheirPointers) {
    const Bilingual overflow = input_error_of([] { detail::parse_json_strict("{\"a\": [1, 1e400]}", "ind.json"); });
    EXPECT_EQ(overflow.zh, "ind.json：/a/1：JSON 数值超出范围：数字“1e400”太大，无法表示");
    EXPECT_EQ(overflow.en, "ind.json: /a/1: JSON value out of range: number overflow parsing '1e400'");
    EXPECT_EQ(parse_error_zh("{\"units\": [{\"name\": 1, \"name\": 2}]}"), "ind.json：/units/0/name：键“name”重复");
    std::string pointer;
    for (int level = 0; level < 64; ++level)
        pointer += "/0";
    EXPECT_EQ(parse_error_zh(std::string(65, '[') + std::string(65, ']')),
              "ind.json：" + pointer + "：数组和对象的嵌套超过 64 层（上限）");
}

// The JsonReader's checks, as every loader meets them: the value found named in each language.
TEST(ReadingErrorsInChinese, ReaderNamesTheValueFound) {
    const detail::JsonReader reader("rubric.json");
    const auto doc = detail::json::parse(R"({"points": "10", "code": 5, "rules": {}, "veto": null})");
    const auto zh = [](auto&& body) { return input_error_of(body).zh; };
    EXPECT_EQ(zh([&] { reader.number(doc["points"], "/points"); }), "rubric.json：/points：应为数字，实际为“10”");
    EXPECT_EQ(zh([&] { reader.string(doc["code"], "/code"); }), "rubric.json：/code：应为字符串，实际为数字 5");
    EXPECT_EQ(zh([&] { reader.expect_array(doc["rules"], "/rules"); }), "rubric.json：/rules：应为数组，实际为对象");
    EXPECT_EQ(zh([&] { reader.boolean(doc["veto"], "/veto"); }),
              "rubric.json：/veto：应为“true”或“false”，实际为“null”");
    EXPECT_EQ(zh([&] { reader.non_empty_string(detail::json(""), "/name"); }), "rubric.json：/name：应为非空字符串");
    EXPECT_EQ(detail::describe_json_text(detail::json::array()).zh, "数组");
    EXPECT_EQ(detail::describe_json(doc["points"]), "\"10\"");
    EXPECT_EQ(input_error_of([&] { reader.string(doc["code"], "/code"); }).en,
              "rubric.json: /code: expected a string, found the number 5");
}

TEST(ReadingErrorsInChinese, ReaderMembersChoicesAndFormats) {
    const detail::JsonReader reader("ind.json");
    const auto doc = detail::json::parse(R"({"id": "x", "nmae": "y", "method": "mean", "format": "shifan-rubric"})");
    const auto zh = [](auto&& body) { return input_error_of(body).zh; };
    EXPECT_EQ(zh([&] {
                  reader.allow_only(doc, "", {"id", "name", "method", "format"});
              }),
              "ind.json：/nmae：未知成员“nmae”（可用的成员：“id”、“name”、“method”、“format”）");
    EXPECT_EQ(zh([&] { reader.require(doc, "", "indicators"); }), "ind.json：/：缺少成员“indicators”");
    enum class Method { sum, product };
    EXPECT_EQ(zh([&] {
                  reader.choice<Method>(doc["method"], "/method", {{"sum", Method::sum}, {"product", Method::product}});
              }),
              "ind.json：/method：应为“sum”、“product”之一，实际为“mean”");
    const Bilingual format = input_error_of([&] { reader.check_format(doc, "shifan-indicators"); });
    EXPECT_EQ(format.zh, "ind.json：/format：不支持的格式“shifan-rubric”（应为“shifan-indicators”）");
    EXPECT_EQ(format.en, "ind.json: /format: unsupported format 'shifan-rubric' (expected 'shifan-indicators')");
}

// A format of shifan's with a later version is a newer shifan's, not a wrong file; another of
// shifan's formats is that file given in the wrong place. Anything else stays "unsupported".
TEST(ReadingErrorsInChinese, FormatsOfANewerShifanAndOfOtherFiles) {
    const detail::JsonReader reader("ind.json");
    const auto problem = [&](std::string format, std::string_view expected) {
        const auto doc = detail::json::parse(R"({"format": ")" + format + R"("})");
        return input_error_of([&] { reader.check_format(doc, expected); });
    };
    const Bilingual newer = problem("shifan.indicators/2", "shifan.indicators/1");
    EXPECT_EQ(newer.zh,
              "ind.json：/format：格式“shifan.indicators/2”属于较新版本的 shifan，本版本读“shifan.indicators/1”"
              "：请用较新版本的 shifan 读取，或改用“shifan.indicators/1”格式的文件");
    EXPECT_EQ(newer.en, "ind.json: /format: the format 'shifan.indicators/2' is a newer shifan's; this version reads "
                        "'shifan.indicators/1': read it with a newer shifan, or give a file in 'shifan.indicators/1'");
    // Compared as numbers, not as text: version 10 is after version 9.
    EXPECT_EQ(problem("shifan.rubric/10", "shifan.rubric/9").en,
              "ind.json: /format: the format 'shifan.rubric/10' is a newer shifan's; this version reads "
              "'shifan.rubric/9': read it with a newer shifan, or give a file in 'shifan.rubric/9'");
    const Bilingual rubric = problem("shifan.rubric/1", "shifan.indicators/1");
    EXPECT_EQ(rubric.zh,
              "ind.json：/format：这是评分细则文件（“shifan.rubric/1”），不是指标体系文件（“shifan.indicators/1”）"
              "：请检查给出的是哪个文件");
    EXPECT_EQ(rubric.en, "ind.json: /format: this is a rubric ('shifan.rubric/1'), not an indicator system "
                         "('shifan.indicators/1'): check which file was given");
    // Every kind has its words; a later version of another kind is still that other kind.
    const std::pair<const char*, const char*> kinds[] = {{"shifan.indicators/1", "an indicator system"},
                                                         {"shifan.evidence/1", "a round's evidence"},
                                                         {"shifan.ahp/1", "AHP judgements"},
                                                         {"shifan.grades/1", "a grades file"},
                                                         {"shifan.result/3", "a result of shifan score"},
                                                         {"shifan.audit/1", "an audit of a run"},
                                                         {"shifan.report/7", "report tables"}};
    for (const auto& [format, words] : kinds)
        EXPECT_EQ(problem(format, "shifan.rubric/1").en, std::string("ind.json: /format: this is ") + words + " ('" +
                                                             format +
                                                             "'), not a rubric ('shifan.rubric/1'): check "
                                                             "which file was given");
    EXPECT_EQ(problem("shifan.result/3", "shifan.evidence/1").zh,
              "ind.json：/format：这是“shifan score”写出的评分结果文件（“shifan.result/3”），不是评估数据文件（“shifan."
              "evidence/1”）：请检查给出的是哪个文件");
    // An earlier version, a version that is no whole number, a family shifan does not have, and a
    // name of no family are unsupported, with the format expected.
    for (const char* unsupported : {"shifan.indicators/0", "shifan.indicators/2a", "shifan.indicators/",
                                    "shifan.indicators/-2", "shifan.indicators/+2", "shifan.tables/1", "shifan./1",
                                    "shifan.indicators", "Shifan.indicators/2", "indicators/2"})
        EXPECT_EQ(problem(unsupported, "shifan.indicators/1").en,
                  std::string("ind.json: /format: unsupported format '") + unsupported +
                      "' (expected 'shifan.indicators/1')")
            << unsupported;
}

TEST(ReadingErrorsInChinese, ReaderNumberRanges) {
    const detail::JsonReader reader("ev.json");
    const auto doc = detail::json::parse(R"({"rate": 1.5, "count": -2, "years": 2.5})");
    const auto zh = [](auto&& body) { return input_error_of(body).zh; };
    EXPECT_EQ(zh([&] { reader.share(doc["rate"], "/rate"); }), "ev.json：/rate：应为 0 到 1 之间的比例，实际为 1.5");
    EXPECT_EQ(zh([&] { reader.number_at_least(doc["count"], "/count", 0.5); }),
              "ev.json：/count：应为不小于 0.5 的数字，实际为 -2");
    EXPECT_EQ(zh([&] { reader.whole_number(doc["count"], "/count", 1, 9); }),
              "ev.json：/count：应为 1 到 9 之间的整数，实际为 -2");
    EXPECT_EQ(zh([&] { reader.whole_number(doc["years"], "/years", 1, 9); }),
              "ev.json：/years：应为整数，实际为数字 2.5");
}

// The reasons of the C library in Chinese, from errno; in English its own text, as before.
TEST(ReadingErrorsInChinese, FilesThatCannotBeRead) {
    const Bilingual missing = input_error_of([] { sha256_file("/nonexistent/ev.json"); });
    EXPECT_EQ(missing.zh, "/nonexistent/ev.json：无法读取：文件不存在");
    EXPECT_EQ(missing.en, "/nonexistent/ev.json: cannot read: No such file or directory");
    shifan::testing::TempDir dir("shifan-errors-reading");
    EXPECT_EQ(input_error_of([&] { load_framework(dir.path()); }).zh, dir.path().string() + "：这是目录，应为文件");
    EXPECT_EQ(detail::system_reason(EACCES, detail::Access::read).zh, "没有读取权限");
    EXPECT_EQ(detail::system_reason(EACCES, detail::Access::write).zh, "没有写入权限");
    EXPECT_EQ(detail::system_reason(EISDIR, detail::Access::read).zh, "是目录而不是文件");
    EXPECT_EQ(detail::system_reason(EDOM, detail::Access::read).zh, "“" + std::string(std::strerror(EDOM)) + "”");
}

// A file read into memory reserved beforehand (as CSV tables are, on another thread) is the same
// text in that memory; a buffer too small, or one holding text, makes no difference to what is read.
TEST(ReadingFiles, IntoAReservedBuffer) {
    shifan::testing::TempDir dir("shifan-read-buffer");
    const std::filesystem::path file = dir.path() / "t.csv";
    std::ofstream(file, std::ios::binary) << "id,name\nU1,甲\n";
    std::string buffer = "old text";
    buffer.reserve(64);
    const char* memory = buffer.data();
    const std::string text = detail::read_file(file, std::move(buffer));
    EXPECT_EQ(text, "id,name\nU1,甲\n");
    EXPECT_EQ(text.data(), memory);
    std::string small = "ab";
    EXPECT_EQ(detail::read_file(file, std::move(small)), "id,name\nU1,甲\n");
    EXPECT_THROW(detail::read_file(dir.path() / "none.csv", std::string(64, 'x')), InputError);
}

TEST(ReadingErrorsInChinese, AuditsThatCannotBeRead) {
    EXPECT_EQ(input_error_of([] { parse_audit("{}", "out/audit.json"); }).zh,
              "out/audit.json：审计信息缺少成员“format”");
    EXPECT_EQ(input_error_of([] { parse_audit(R"({"format": "x"})", "out/audit.json"); }).zh,
              "out/audit.json：/format：应为“" + std::string(audit_format) + "”");
    const Bilingual properties = input_error_of([] { parse_audit_properties({{"title", "x"}}, "r.xlsx"); });
    EXPECT_EQ(properties.zh,
              "r.xlsx：文档属性：没有审计属性“audit_format”（写出时未附带审计信息，或不是由 shifan 写出的）");
    EXPECT_EQ(
        properties.en,
        "r.xlsx: document properties: no audit property 'audit_format' (written without the audit, or not by shifan)");
    EXPECT_EQ(input_error_of([] { parse_markdown_audit("# Report\n", "r.md"); }).zh,
              "r.md：没有审计信息：文档中没有“<!-- shifan audit”注释（写出时未用 --out，或不是由 shifan 写出的）");
}

TEST(ReadingErrorsInChinese, VerifyReportsWhereOutputsDiffer) {
    shifan::testing::TempDir dir("shifan-errors-verify");
    write(dir.path() / "a.csv", "id,score\nU1,90\nU2,80\n");
    write(dir.path() / "b.csv", "id,score\nU1,90\nU2,81\n");
    write(dir.path() / "c.csv", "id,score\n");
    EXPECT_EQ(file_difference_text(dir.path() / "a.csv", dir.path() / "b.csv")->zh, "第 3 行，字节偏移 19");
    EXPECT_EQ(file_difference_text(dir.path() / "a.csv", dir.path() / "c.csv")->zh,
              "第 2 行，字节偏移 9：这里到此结束，重新运行的输出还有内容");
    EXPECT_EQ(file_difference(dir.path() / "a.csv", dir.path() / "c.csv"),
              "line 2, byte 9: ends where the re-run's output goes on");
    Audit audit;
    audit.inputs = {{"evidence", (dir.path() / "gone.json").string(), 3, std::string(64, 'a')}};
    EXPECT_EQ(changed_input_text(audit)->zh, (dir.path() / "gone.json").string() +
                                                 "：佐证材料输入文件已不存在（记录的 SHA-256 为 " +
                                                 std::string(64, 'a') + "）");
    write(dir.path() / "book.xlsx", "not a zip");
    EXPECT_EQ(input_error_of([&] { workbook_custom_properties(dir.path() / "book.xlsx"); }).zh,
              (dir.path() / "book.xlsx").string() + "：不是工作簿（无法作为压缩包打开）");
    EXPECT_EQ(
        input_error_of([&] { read_output_audit(dir.path()); }).zh,
        dir.path().string() +
            "：没有审计信息：目录中没有“audit.json”（不是由 shifan 以 --out 写出的，或写出时的版本尚未附带审计信息）");
}

TEST(WritingErrorsInChinese, OutputsThatCannotBeWritten) {
    shifan::testing::TempDir dir("shifan-errors-output");
    write(dir.path() / "taken", "");
    const Bilingual taken = output_error_of([&] { make_output_directory(dir.path() / "taken"); });
    EXPECT_EQ(taken.zh, (dir.path() / "taken").string() + "：已有同名的文件，不能用作输出目录");
    EXPECT_EQ(taken.en, (dir.path() / "taken").string() + ": the output directory exists and is not a directory");
    const auto target = dir.path() / "no-such-dir" / "ranking.csv";
    const Bilingual missing = output_error_of([&] { write_files_atomically({{target, "x"}}); });
    EXPECT_EQ(missing.zh, target.string() + "：无法写入：目录不存在");
    EXPECT_EQ(missing.en, target.string() + ": cannot write: No such file or directory");
}

TEST(WritingErrorsInChinese, AFailedBatchTakesBackTheDirectoriesItMade) {
    shifan::testing::TempDir dir("shifan-output-directories");
    const auto out = dir.path() / "new" / "deeper" / "out";
    {
        OutputBatch batch;
        batch.make_directory(out / "");
        batch.open(out / "ranking.csv").write("x");
        EXPECT_TRUE(std::filesystem::is_directory(out));
    } // not committed: as if writing had failed
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "new"));
    EXPECT_TRUE(std::filesystem::is_directory(dir.path()));
    // A directory that existed, or that something else wrote into meanwhile, stays.
    std::filesystem::create_directories(dir.path() / "kept");
    {
        OutputBatch batch;
        batch.make_directory(dir.path() / "kept" / "a" / "b");
        write(dir.path() / "kept" / "a" / "other.txt", "y");
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "kept" / "a" / "b"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "kept" / "a" / "other.txt"));
    // Committed: everything stays.
    {
        OutputBatch batch;
        batch.make_directory(out);
        batch.open(out / "ranking.csv").write("x");
        batch.commit();
    }
    EXPECT_EQ(shifan::testing::read_text(out / "ranking.csv"), "x");
}

} // namespace errors_reading_test
