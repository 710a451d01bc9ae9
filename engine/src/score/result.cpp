// Result (declared in result.hpp): the ledger's order, grade caps, and what a ledger line came from.
#include "shifan/score/result.hpp"

namespace shifan {

std::vector<std::string_view> Result::grade_caps(UnitIndex unit) const {
    std::vector<std::string_view> caps;
    for (const VetoRecord& veto : vetoes_of(unit)) {
        const VetoKind& kind = rubric_->vetoes()[veto.kind];
        if (kind.effect == VetoEffect::cap_grade) caps.push_back(kind.grade);
    }
    return caps;
}

void Result::set_ledger(std::span<const LedgerEntry> lines) {
    // Two stable counting sorts: by node, then by unit, so each unit's lines end up by node in the
    // order they were made. Linear, where a comparison sort per unit was once the slowest part.
    const std::size_t units = round_->unit_count();
    std::vector<std::size_t> next(framework_->size() + 1, 0);
    for (const LedgerEntry& line : lines)
        ++next[line.node + 1];
    for (std::size_t n = 0; n + 1 < next.size(); ++n)
        next[n + 1] += next[n];
    std::vector<LedgerEntry> by_node(lines.size());
    for (const LedgerEntry& line : lines)
        by_node[next[line.node]++] = line;
    unit_begin_.assign(units + 1, 0);
    for (const LedgerEntry& line : by_node)
        ++unit_begin_[line.unit + 1];
    for (std::size_t u = 0; u < units; ++u)
        unit_begin_[u + 1] += unit_begin_[u];
    next.assign(unit_begin_.begin(), unit_begin_.end() - 1);
    ledger_ = unwritten_vector<LedgerEntry>(lines.size());
    for (const LedgerEntry& line : by_node)
        ledger_[next[line.unit]++] = line;
}

std::string_view ledger_rule(const LedgerEntry& line, const Result& result) {
    const LedgerSource source = ledger_source(line.kind);
    if (source == LedgerSource::rule) return result.rubric().rules(line.node)[line.rule].type_name();
    return ledger_source_key(source);
}

std::string_view ledger_method(const LedgerEntry& line, const Result& result) {
    const Round& round = result.round();
    if (line.from_event()) return round.events()[line.finding].method;
    if (line.finding != no_finding) return round.text(round.finding_at(line.finding).method);
    if (line.entry != no_entry) return round.text(round.method(round.entries()[line.entry]));
    return {};
}

std::string_view ledger_evidence(const LedgerEntry& line, const Result& result) {
    const Round& round = result.round();
    if (line.from_event()) return round.events()[line.finding].ref;
    if (line.finding != no_finding) return round.text(round.finding_at(line.finding).ref);
    if (line.entry != no_entry) return round.text(round.entries()[line.entry].ref);
    return {};
}

} // namespace shifan
