// The audit trail: SHA-256 against published test vectors and coreutils' sha256sum, input digests of
// files and round directories, the audit's JSON, Markdown and workbook-property forms read back, and
// the byte comparison `shifan verify` reports differences with.
#include "shifan/infra/audit.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/verify.hpp"
#include "support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace audit_test {

using namespace shifan;
using ::testing::HasSubstr;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

std::string error_of(auto&& body) { return shifan::testing::error_of(body); }

Audit sample_audit() {
    Audit audit;
    audit.shifan_version = "0.1.0";
    audit.command = "rank";
    audit.options = {{"group", "level"}, {"no-bom", std::nullopt}};
    audit.indicator_system = "sys";
    audit.rubric = "rub";
    audit.round = "r1";
    audit.inputs = {{"indicators", "ind.json", 12, std::string(64, 'a')},
                    {"evidence", "round/units.csv", 0, std::string(64, '0')}};
    return audit;
}

} // namespace

// FIPS 180-2 appendix B test vectors for SHA-256.
TEST(Sha256, PublishedTestVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// A file larger than the 1 MiB read block, so that the digest runs over several reads; the expected
// value is sha256sum's (head -c 3000000 /dev/zero | tr '\0' a | sha256sum).
TEST(Sha256, FileReadInBlocks) {
    shifan::testing::TempDir dir("shifan-audit");
    write(dir.path() / "a.txt", std::string(3'000'000, 'a'));
    const FileDigest digest = sha256_file(dir.path() / "a.txt");
    EXPECT_EQ(digest.bytes, 3'000'000u);
    EXPECT_EQ(digest.sha256, "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4");
    write(dir.path() / "abc.txt", "abc");
    EXPECT_EQ(sha256_file(dir.path() / "abc.txt").sha256,
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const auto missing = (dir.path() / "missing.json").string();
    EXPECT_EQ(error_of([&] { sha256_file(missing); }), missing + ": cannot read: No such file or directory");
}

TEST(AuditInputs, FileAsGiven) {
    shifan::testing::TempDir dir("shifan-audit");
    write(dir.path() / "rubric.json", "abc");
    const std::string path = (dir.path() / "rubric.json").string();
    EXPECT_EQ(audit_inputs("rubric", path),
              (std::vector<AuditInput>{
                  {"rubric", path, 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}));
}

// A round directory: every *.csv table directly in it, sorted by name; other files are not tables.
TEST(AuditInputs, RoundDirectoryTablesByName) {
    shifan::testing::TempDir dir("shifan-audit");
    write(dir.path() / "units.csv", "abc");
    write(dir.path() / "entries.csv", "");
    write(dir.path() / "README.txt", "not a table");
    std::filesystem::create_directory(dir.path() / "old.csv");
    const std::string round = dir.path().string();
    EXPECT_EQ(audit_inputs("evidence", round),
              (std::vector<AuditInput>{{"evidence", round + "/entries.csv", 0,
                                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                                       {"evidence", round + "/units.csv", 3,
                                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}));
}

TEST(AuditJson, FixedLayoutAndReadBack) {
    const std::string a64(64, 'a'), z64(64, '0');
    const std::string expected = R"({
  "format": "shifan.audit/1",
  "shifan": "0.1.0",
  "command": "rank",
  "options": {
    "group": "level",
    "no-bom": true
  },
  "indicator_system": "sys",
  "rubric": "rub",
  "round": "r1",
  "inputs": [
    {
      "role": "indicators",
      "path": "ind.json",
      "bytes": 12,
      "sha256": ")" + a64 + R"("
    },
    {
      "role": "evidence",
      "path": "round/units.csv",
      "bytes": 0,
      "sha256": ")" + z64 + R"("
    }
  ]
})";
    EXPECT_EQ(audit_json(sample_audit()), expected);
    EXPECT_EQ(parse_audit(expected, "audit.json"), sample_audit());
}

TEST(AuditJson, RefusesWhatIsNotAnAudit) {
    std::string text = audit_json(sample_audit());
    EXPECT_EQ(error_of([&] { parse_audit("{", "a.json"); }).substr(0, 36), "a.json: the audit is not valid JSON ");
    std::string other = text;
    other.replace(other.find("shifan.audit/1"), 14, "shifan.audit/9");
    EXPECT_EQ(error_of([&] { parse_audit(other, "a.json"); }),
              "a.json: /format: the format 'shifan.audit/9' is a newer shifan's; this version reads 'shifan.audit/1': "
              "read it with a newer shifan, or give a file in 'shifan.audit/1'");
    other.replace(other.find("shifan.audit/9"), 14, "shifan.result/3");
    EXPECT_EQ(error_of([&] { parse_audit(other, "a.json"); }),
              "a.json: /format: this is a result of shifan score ('shifan.result/3'), not an audit of a run "
              "('shifan.audit/1'): check which file was given");
    other.replace(other.find("shifan.result/3"), 15, "shifan.audit/0");
    EXPECT_EQ(error_of([&] { parse_audit(other, "a.json"); }), "a.json: /format: expected \"shifan.audit/1\"");
    std::string short_hash = text;
    short_hash.replace(short_hash.find(std::string(64, 'a')), 64, "abc");
    EXPECT_EQ(error_of([&] { parse_audit(short_hash, "a.json"); }),
              "a.json: /inputs/0/sha256: expected 64 lowercase hexadecimal digits");
    std::string no_round = text;
    no_round.replace(no_round.find("\"round\""), 7, "\"ronud\"");
    EXPECT_EQ(error_of([&] { parse_audit(no_round, "a.json"); }), "a.json: the audit has no member 'round'");
    EXPECT_EQ(error_of([&] { parse_audit_member("{\n  \"a\": 1\n}\n", "r.json"); }),
              "r.json: no audit: the document has no member \"audit\" (written without --out, or not by shifan)");
}

// The audit goes last into a pretty-printed document, however the document arrives in pieces.
TEST(AuditJson, LastMemberOfADocument) {
    const Audit audit = sample_audit();
    const std::string document = "{\n  \"format\": \"x\",\n  \"units\": [\n    1\n  ]\n}\n";
    std::string expected = "{\n  \"format\": \"x\",\n  \"units\": [\n    1\n  ],\n  \"audit\": ";
    std::string audit_text = audit_json(audit);
    for (std::size_t at = audit_text.find('\n'); at != std::string::npos; at = audit_text.find('\n', at + 1))
        audit_text.insert(at + 1, "  ");
    expected += audit_text + "\n}\n";
    EXPECT_EQ(json_with_audit(document, audit), expected);

    StringSink out;
    AuditedJsonSink sink(out, audit);
    for (char c : document)
        sink.write(std::string_view(&c, 1));
    sink.finish();
    EXPECT_EQ(out.text(), expected);
    EXPECT_EQ(parse_audit_member(expected, "r.json"), audit);
    EXPECT_THROW(json_with_audit("[1]\n", audit), std::logic_error);
}

// A path with "-->" cannot end the comment early.
TEST(AuditMarkdown, CommentReadBack) {
    Audit audit = sample_audit();
    audit.inputs[0].path = "odd-->name.json";
    const std::string markdown = markdown_with_audit("# Report\n\n| a |\n", audit);
    EXPECT_EQ(markdown.substr(0, 37), "# Report\n\n| a |\n\n<!-- shifan audit\n{\n");
    EXPECT_EQ(markdown.substr(markdown.size() - 7), "\n}\n-->\n");
    EXPECT_EQ(markdown.find("-->"), markdown.size() - 4);
    EXPECT_EQ(parse_markdown_audit(markdown, "r.md"), audit);
    EXPECT_EQ(error_of([&] { parse_markdown_audit("# Report\n", "r.md"); }),
              "r.md: no audit: the document has no \"<!-- shifan audit\" comment (written without --out, or not by "
              "shifan)");
}

TEST(AuditProperties, FlatNamesReadBack) {
    const Audit audit = sample_audit();
    const auto properties = audit_properties(audit);
    ASSERT_EQ(properties.size(), 16u);
    EXPECT_EQ(properties[0], (std::pair<std::string, std::string>{"audit_format", "shifan.audit/1"}));
    EXPECT_EQ(properties[3], (std::pair<std::string, std::string>{"option:group", "level"}));
    EXPECT_EQ(properties[4], (std::pair<std::string, std::string>{"option:no-bom", "true"}));
    EXPECT_EQ(properties[9], (std::pair<std::string, std::string>{"input:1:path", "ind.json"}));
    EXPECT_EQ(properties[10], (std::pair<std::string, std::string>{"input:1:bytes", "12"}));
    EXPECT_EQ(parse_audit_properties(properties, "r.xlsx"), audit);
    Audit long_path = audit;
    long_path.inputs[0].path = std::string(250, 'x') + "/文件.json";
    EXPECT_THAT(shifan::testing::invalid_argument_of([&] { audit_properties(long_path); }),
                HasSubstr("the audit property 'input:1:path' is longer than a workbook allows (255 characters)"));
    long_path.inputs[0].path = std::string(230, 'x') + "/文文文文文文文文文文.json"; // 246 characters, 266 bytes
    EXPECT_NO_THROW(audit_properties(long_path));
    EXPECT_EQ(error_of([&] {
                  parse_audit_properties({{"title", "x"}}, "r.xlsx");
              }),
              "r.xlsx: document properties: no audit property 'audit_format' (written without the audit, or not by "
              "shifan)");
}

TEST(FileDifference, PlaceOfTheFirstDifference) {
    shifan::testing::TempDir dir("shifan-audit");
    const auto a = dir.path() / "a", b = dir.path() / "b";
    write(a, "one\ntwo\nthree\n");
    write(b, "one\ntwo\nthree\n");
    EXPECT_EQ(file_difference(a, b), std::nullopt);
    write(b, "one\ntwo\nthrEe\n");
    EXPECT_EQ(file_difference(a, b), "line 3, byte 11");
    write(b, "one\ntwo\n");
    EXPECT_EQ(file_difference(a, b), "line 3, byte 8: ends where the re-run's output goes on");
    write(b, "one\ntwo\nthree\nfour\n");
    EXPECT_EQ(file_difference(a, b), "line 4, byte 14: goes on where the re-run's output ends");
    // Across the 1 MiB read blocks.
    std::string big(3'000'000, 'x');
    big[1'500'000] = '\n';
    write(a, big);
    big[2'500'000] = 'y';
    write(b, big);
    EXPECT_EQ(file_difference(a, b), "line 2, byte 2500000");
    EXPECT_THAT(error_of([&] { file_difference(a, dir.path() / "none"); }), HasSubstr("none: cannot read"));
}

// The audit's last sheet, for people: in Chinese as before, in English with nothing Chinese in it.
TEST(AuditTable, BothLanguages) {
    const Table zh = audit_table(sample_audit(), Language::zh);
    EXPECT_EQ(zh.title, "审计信息：输入文件、选项与版本");
    EXPECT_EQ(zh.sheet, "审计信息");
    std::vector<std::string> titles;
    for (const Column& column : zh.columns)
        titles.push_back(column.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"项目", "内容", "字节数", "SHA-256"}));
    EXPECT_EQ(zh.notes,
              (std::vector<std::string>{"在写出本文件时的工作目录下运行 shifan verify --out 本文件：核对各输入"
                                        "文件的 SHA-256，按记录的命令与选项重新计算，并与本文件逐项比较。"}));

    const Table en = audit_table(sample_audit(), Language::en);
    EXPECT_EQ(en.title, "Audit: input files, options and version");
    EXPECT_EQ(en.sheet, "Audit");
    titles.clear();
    for (const Column& column : en.columns)
        titles.push_back(column.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"Item", "Value", "Bytes", "SHA-256"}));
    EXPECT_EQ(en.notes,
              (std::vector<std::string>{
                  "In the working directory this file was written from, run shifan verify --out followed by this "
                  "file's name: it checks the SHA-256 of every input file, computes again with the recorded command "
                  "and options, and compares the result with this file item by item."}));
    ASSERT_EQ(en.rows.size(), zh.rows.size());
    // The items as people name them: the option's own name, a switch shown as on, inputs by role.
    EXPECT_EQ(std::get<std::string>(en.rows[0][0]), "shifan version");
    EXPECT_EQ(std::get<std::string>(en.rows[3][0]), "Option no-bom");
    EXPECT_EQ(std::get<std::string>(en.rows[3][1]), "(on)");
    EXPECT_EQ(std::get<std::string>(en.rows[7][0]), "Input: indicator system");
    EXPECT_EQ(std::get<std::string>(zh.rows[0][0]), "shifan 版本");
    EXPECT_EQ(std::get<std::string>(zh.rows[1][0]), "命令");
    EXPECT_EQ(std::get<std::string>(zh.rows[3][0]), "选项 no-bom");
    EXPECT_EQ(std::get<std::string>(zh.rows[3][1]), "（开启）");
    EXPECT_EQ(std::get<std::string>(zh.rows[4][0]), "指标体系");
    EXPECT_EQ(std::get<std::string>(zh.rows[7][0]), "输入文件：指标体系");
    EXPECT_EQ(std::get<std::string>(zh.rows[7][1]), "ind.json");
    // The sample's inputs are ASCII, so every text of the English table is.
    std::vector<std::string> texts{en.title, en.sheet};
    texts.insert(texts.end(), titles.begin(), titles.end());
    for (const auto& row : en.rows)
        for (const Cell& cell : row)
            if (const auto* text = std::get_if<std::string>(&cell)) texts.push_back(*text);
    texts.insert(texts.end(), en.notes.begin(), en.notes.end());
    for (const std::string& text : texts)
        EXPECT_TRUE(std::all_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x80; })) << text;
}

} // namespace audit_test
