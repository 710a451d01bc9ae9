// The result as JSON (format shifan.result/3), streamed and composed on several threads.
#include "shifan/report/result_json.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/report/sentences.hpp"

#include "report/json_writer.hpp"

#include <algorithm>
#include <span>

namespace shifan {

namespace {

/// Asks for the evidence records (entries and findings) of a unit's ledger lines to be brought into
/// the cache, a unit before they are read. Entries lie indicator by indicator, so the lines of one
/// unit reach as many places as they have lines, each a cache miss on a large round; asked for while
/// the unit before is written, they arrive meanwhile (32,000 units: the result written 7–9% sooner).
/// A hint only: nothing waits for it.
void prefetch_evidence(const Result& result, UnitIndex unit) {
    const Round& round = result.round();
    const std::span<const EvidenceEntry> entries = round.entries();
    for (const LedgerEntry& line : result.ledger_of(unit)) {
        if (line.from_event()) continue; // its event is no finding, and events are few
        if (line.finding != no_finding)
            __builtin_prefetch(&round.finding_at(line.finding));
        else if (line.entry != no_entry)
            __builtin_prefetch(&entries[line.entry]);
    }
}

/// The units of ranking.rows[begin, end) as elements of the result's "units" array, appended to
/// `out` (`first`: whether they start the array).
void write_result_units(std::string& out, const Ranking& ranking, const Result& result,
                        const std::vector<std::string>& paths, std::size_t begin, std::size_t end, bool first,
                        const ResultJsonOptions& options) {
    using Layout = detail::JsonWriter::Layout;
    const Language language = options.language;
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const Round& round = result.round();
    const int precision = ranking.precision;
    const bool unit_level =
        !rubric.bonus().items.empty() || !rubric.unit_deductions().empty() || !rubric.vetoes().empty();
    detail::JsonWriter json(out, 2, !first); // inside the document and its "units" array
    // A published figure: rounded to the ranking's precision as the member's value.
    const auto published = [&](const auto& name, double v) {
        json.key(name);
        json.rounded(v, precision);
    };
    // Each line's method and evidence are in the evidence entry it came from, and entries lie
    // indicator by indicator: on a large round, a cache miss each. They are asked for a unit ahead
    // (prefetch_evidence), and looked up in one pass before the unit's lines are written, so that
    // the misses left overlap; looked up line by line, each would wait for the last.
    std::vector<std::pair<std::string_view, std::string_view>> sources;
    if (begin < end) prefetch_evidence(result, ranking.rows[begin].unit);
    for (std::size_t r = begin; r < end; ++r) {
        const RankedUnit& row = ranking.rows[r];
        if (r + 1 < end) prefetch_evidence(result, ranking.rows[r + 1].unit);
        const Unit& unit = round.units()[row.unit];
        json.begin_object();
        json.member("id", unit.id);
        json.member("name", unit.name);
        json.key("attributes");
        json.begin_object(Layout::one_line);
        for (const auto& [key, value] : unit.attributes)
            json.member(key, value);
        json.end_object();
        if (unit_level) {
            published("base_total", result.base_total(row.unit));
            published("bonus", result.bonus(row.unit));
        }
        json.member("total", row.published);
        json.member("rank", row.rank);
        if (row.excluded) json.member("excluded", true);
        if (!row.decided_by.empty()) json.member("tie_decided_by", row.decided_by);
        if (!ranking.grades.empty()) {
            json.member("grade", row.grade);
            if (!row.grade_note.empty())
                json.member("grade_note", grade_note_text(row.grade_note, ranking, result, language));
        }
        if (!ranking.group_attribute.empty()) {
            json.member("group", row.group);
            json.member("group_rank", row.group_rank);
        }
        json.key("score_rate");
        json.rounded(row.score_rate, 4);
        json.key("first_level");
        json.begin_array();
        for (std::size_t k = 0; k < row.first_level.size(); ++k) {
            const RankedUnit::FirstLevel& f = row.first_level[k];
            json.begin_object(Layout::one_line);
            json.member("indicator", framework[framework.first_level()[k]].code);
            json.member("score", f.score);
            json.member("score_rate", f.score_rate);
            json.member("rank", f.rank);
            json.end_object();
        }
        json.end_array();
        json.key("scores");
        json.begin_array(Layout::one_line); // in the order of "nodes": the tree below the root
        for (NodeIndex n = 1; n < framework.size(); ++n)
            json.rounded(result.earned(row.unit, n), precision);
        json.end_array();
        json.key("lost");
        json.begin_array();
        const UnitLedger lines = result.ledger_of(row.unit);
        sources.clear();
        for (const LedgerEntry& line : lines)
            sources.emplace_back(ledger_method(line, result), ledger_evidence(line, result));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const LedgerEntry& line = lines[i];
            // The elements of ledger_columns; a null item or note is written only where something
            // follows it in the line.
            json.begin_array(Layout::one_line);
            json.value(framework[line.node].code);
            json.rounded(line.points, precision);
            json.value(ledger_rule(line, result));
            json.value(loss_kind_key(line.kind));
            json.value(sources[i].first);
            json.value(sources[i].second);
            const bool item = line.kind == LossKind::missing_item, note = line.note != LineNote::none;
            if (item)
                json.value(std::get<ChecklistRule>(rubric.rules(line.node)[line.rule].spec).items[line.item].field);
            else if (note || options.reasons)
                json.null_value();
            if (note)
                json.value(line_note_key(line.note));
            else if (options.reasons)
                json.null_value();
            if (options.reasons) {
                json.value(paths[line.node]);
                json.value(describe(line, result, language));
            }
            json.end_array();
        }
        json.end_array();
        if (!result.bonus_of(row.unit).empty()) {
            json.key("bonus_lines");
            json.begin_array();
            for (const BonusLine& line : result.bonus_of(row.unit)) {
                json.begin_object(Layout::one_line);
                json.member("item", rubric.bonus().items[line.item].id);
                published("points", line.points);
                if (options.reasons) json.member("reason", describe_bonus(line, result, language));
                json.member("evidence", round.events()[line.event].ref);
                json.end_object();
            }
            json.end_array();
        }
        if (!result.vetoes_of(row.unit).empty()) {
            json.key("vetoes");
            json.begin_array();
            for (const VetoRecord& veto : result.vetoes_of(row.unit)) {
                const VetoKind& kind = rubric.vetoes()[veto.kind];
                static constexpr const char* effects[] = {"exclude", "zero", "cap_grade"};
                json.begin_object(Layout::one_line);
                json.member("kind", kind.kind);
                json.member("name", kind.name);
                json.member("effect", effects[static_cast<int>(kind.effect)]);
                if (kind.effect == VetoEffect::cap_grade) json.member("grade", kind.grade);
                if (options.reasons) json.member("reason", describe_veto(veto, result, language));
                json.member("evidence", round.events()[veto.event].ref);
                json.end_object();
            }
            json.end_array();
        }
        json.end_object();
    }
}

} // namespace

void write_result_json(OutputSink& sink, const Ranking& ranking, const Result& result,
                       const ResultJsonOptions& options) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const Round& round = result.round();
    const int precision = ranking.precision;
    // Written as it goes and handed on in pieces: a national round's result runs to hundreds of
    // megabytes, which should never be held whole (nor as a document tree) in memory. The units are
    // composed in parts of a few units on the threads and handed on in order, so the text is the
    // same whatever the thread count.
    std::vector<std::string> paths(options.reasons ? framework.size() : 0);
    for (NodeIndex n = 0; n < paths.size(); ++n)
        paths[n] = framework.path_of_names(n);
    std::string buffer;
    detail::JsonWriter json(buffer);
    json.begin_object();
    json.member("format", result_format);
    json.key("round");
    json.begin_object();
    json.member("id", round.id());
    json.member("name", round.name());
    json.end_object();
    json.key("indicators");
    json.begin_object();
    json.member("id", framework.id());
    json.member("name", framework.name());
    json.member("max", framework.total_points());
    // The tree itself, so that a later comparison of rounds (shifan compare) reads the maxima, names
    // and lead departments from the result alone.
    json.key("nodes");
    json.begin_array();
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        const Indicator& node = framework[n];
        json.begin_object(detail::JsonWriter::one_line);
        json.member("code", node.code);
        json.member("name", node.name);
        json.member("parent", node.parent == 0 ? std::string() : framework[node.parent].code);
        json.member("max", node.points);
        json.key("lead");
        json.begin_array();
        for (const std::string& department : responsible_for(framework, n).lead)
            if (!department.empty()) json.value(department); // "": nobody named to lead
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    json.key("rubric");
    json.begin_object();
    json.member("id", rubric.id());
    json.member("name", rubric.name());
    json.member("precision", precision);
    json.end_object();
    static constexpr const char* methods[] = {"competition", "dense", "ordinal"};
    json.member("rank_method", methods[static_cast<int>(ranking.method)]);
    if (!ranking.group_attribute.empty()) json.member("group_attribute", ranking.group_attribute);
    // What each element of a ledger line ("lost") is: a line is an array in this order, so that the
    // names are not written 231,661 times at 3,200 units (docs/formats.md, "The result").
    json.key("ledger_columns");
    json.begin_array(detail::JsonWriter::one_line);
    for (const std::string_view column : ledger_columns)
        json.value(column);
    if (options.reasons)
        for (const std::string_view column : ledger_reason_columns)
            json.value(column);
    json.end_array();
    json.key("units");
    json.begin_array();
    json.flush();
    sink.write(buffer);
    buffer.clear();

    // Parts of 64 units (about 0.9 MB of text at 125 leaves), made on the threads as each comes
    // free and written to the sink in order (make_in_order), on the thread that made the part next
    // in order: writing a large file is mostly the kernel copying it, which a core waiting for the
    // others' parts would not do. Parts of 256 units had a 3,200-unit run peak at 113 MiB and touch
    // 39–41 huge pages, 64 units at 90 MiB and 32–34 (a 100,000-unit run 20 MB lower too).
    constexpr std::size_t units_per_part = 64;
    const std::size_t units = ranking.rows.size();
    const std::size_t part_count = (units + units_per_part - 1) / units_per_part;
    make_in_order<std::string>(
        thread_count(options.threads, part_count, part_count), part_count,
        [&](std::size_t part, std::string& text) {
            const std::size_t from = part * units_per_part;
            text.clear();
            write_result_units(text, ranking, result, paths, from, std::min(units, from + units_per_part), from == 0,
                               options);
        },
        [&](const std::string& text) { sink.write(text); });
    if (units > 0) json.wrote_elements();
    json.end_array();
    json.end_object();
    json.flush();
    buffer += '\n';
    sink.write(buffer);
}

std::string result_json(const Ranking& ranking, const Result& result, const ResultJsonOptions& options) {
    StringSink sink;
    ResultJsonOptions one_thread = options;
    one_thread.threads = 1;
    write_result_json(sink, ranking, result, one_thread);
    return std::move(sink.text());
}

} // namespace shifan
