// Ranking, compiled once (declared in rank.hpp): the orders, ranks, groups, first-level ranks and
// grades of a result.
#include "shifan/rank/rank.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/threads.hpp"

#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace shifan {

namespace detail {
namespace {

/// A sort key and a row: the key orders rows as a 64-bit integer.
struct ScoreKey {
    std::uint64_t key;
    std::uint32_t unit;
};

/// A key for any score: the double's bits made order-preserving, then inverted (higher first).
std::uint64_t descending_key(double score) {
    if (score == 0) score = 0.0; // -0 ties with 0, as the comparison of doubles has it
    std::uint64_t bits;
    std::memcpy(&bits, &score, sizeof bits);
    bits = (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63); // order-preserving for all doubles
    return ~bits;
}

/// Sorts by key, keeping the order of equal keys: a byte at a time, skipping the bytes every key
/// shares (published scores differ only in their low bytes).
void stable_radix_sort(std::vector<ScoreKey>& keys, std::vector<ScoreKey>& scratch) {
    scratch.resize(keys.size());
    // All eight byte histograms in one pass over the keys; a byte the same in every key needs no
    // pass of its own (with small keys, six of the eight).
    std::vector<std::array<std::size_t, 257>> count(8, std::array<std::size_t, 257>{});
    for (const ScoreKey& k : keys)
        for (int b = 0; b < 8; ++b)
            ++count[b][((k.key >> (8 * b)) & 0xFF) + 1];
    for (int b = 0; b < 8; ++b) {
        std::array<std::size_t, 257>& offset = count[b];
        if (std::any_of(offset.begin() + 1, offset.end(), [&](std::size_t c) { return c == keys.size(); })) continue;
        for (int v = 0; v < 256; ++v)
            offset[v + 1] += offset[v];
        const int shift = 8 * b;
        for (const ScoreKey& k : keys)
            scratch[offset[(k.key >> shift) & 0xFF]++] = k;
        keys.swap(scratch);
    }
}

/// Units (those `take` says, in id order) sorted by `score_of(unit)` descending, equal scores in id
/// order: keys laid out in id order, then a stable radix sort on the score. A score published with
/// `precision` decimals is a small key; when one is not (negative or huge), every key is made from
/// the double's bits, so that all compare alike.
template <class Take, class Score> void by_score(const std::vector<UnitIndex>& by_id, Take take, Score score_of,
                                                 int precision, std::vector<ScoreKey>& keys,
                                                 std::vector<ScoreKey>& scratch) {
    keys.clear();
    bool small = true;
    for (const UnitIndex u : by_id) {
        if (!take(u)) continue;
        const auto key = small_descending_key(score_of(u), precision);
        small = small && key;
        keys.push_back({key.value_or(0), u});
    }
    if (!small)
        for (ScoreKey& key : keys)
            key.key = descending_key(score_of(key.unit));
    stable_radix_sort(keys, scratch);
}

} // namespace
} // namespace detail

std::optional<FirstLevelBelow> first_level_below(const RankedUnit& row, const Framework& framework, double min) {
    const auto& firsts = framework.first_level();
    for (std::size_t k = 0; k < firsts.size(); ++k) {
        const double rate = row.first_level[k].score_rate;
        if (!reaches(rate, min)) return FirstLevelBelow{firsts[k], rate, min};
    }
    return std::nullopt;
}

void assign_grades(Ranking& ranking, const Result& result, const GradePolicy& policy) {
    if (policy.empty()) return;
    const Framework& framework = result.framework();
    std::size_t ranked = 0; // excluded units come last
    while (ranked < ranking.rows.size() && !ranking.rows[ranked].excluded)
        ++ranked;
    for (std::size_t i = ranked; i < ranking.rows.size(); ++i)
        ranking.rows[i].grade_note = GradeNote{GradeNote::Kind::excluded, 0, {}, 0};
    std::vector<std::size_t> level;
    grade_in_rank_order(
        policy, ranking.max_total, ranked, [&](std::size_t i) { return ranking.rows[i].published; },
        [&](std::size_t i) {
            std::optional<std::size_t> lowest;
            for (std::string_view cap : result.grade_caps(ranking.rows[i].unit))
                if (const auto capped = policy.find(cap); capped && (!lowest || *capped > *lowest)) lowest = capped;
            return lowest;
        },
        [&](std::size_t i) { return first_level_below(ranking.rows[i], framework, *policy.min_first_level_rate); },
        level, [&](std::size_t i, const GradeNote& note) { ranking.rows[i].grade_note = note; });
    for (std::size_t i = 0; i < ranked; ++i)
        ranking.rows[i].grade = policy.levels[level[i]].name;
}

std::string group_attribute_key(const Round& round, std::string_view name) {
    std::set<std::string, std::less<>> keys; // the attributes, by key
    for (const auto& [key, title] : round.attribute_names())
        keys.insert(key);
    for (const Unit& unit : round.units())
        for (const auto& [key, value] : unit.attributes)
            keys.insert(key);
    if (keys.contains(name)) return std::string(name);
    for (const auto& [key, title] : round.attribute_names())
        if (title == name) return key;
    std::vector<detail::NameCandidate> candidates;
    for (const std::string& key : keys)
        candidates.push_back(detail::NameCandidate::with_alias(key, round.attribute_name(key)));
    throw ArgumentError(
        both(Msg::err_name_attribute, arg("name", name),
             arg("tail", detail::suggestion_tail(name, candidates, both(Msg::err_name_no_attributes)))));
}

Ranking rank(const Result& result, const RankOptions& options) {
    const Rubric& rubric = result.rubric();
    const Framework& framework = result.framework();
    const RankingPolicy& policy = rubric.ranking();
    Ranking ranking;
    ranking.max_total = result.max_total();
    ranking.precision = rubric.precision();
    ranking.method = options.method.value_or(policy.method);
    ranking.group_attribute = options.group_attribute.value_or(policy.group);
    if (options.group_attribute && !options.group_attribute->empty())
        ranking.group_attribute = group_attribute_key(result.round(), *options.group_attribute);
    const auto& units = result.round().units();
    const int precision = ranking.precision;
    const double scale = power_of_ten(precision);
    ranking.rows.reserve(units.size());
    for (UnitIndex u = 0; u < units.size(); ++u) {
        RankedUnit row;
        row.unit = u;
        row.total = result.total(u);
        row.excluded = result.excluded(u);
        row.published = detail::round_half_away_at(row.total, scale);
        row.score_rate = ranking.max_total > 0 ? row.published / ranking.max_total : 0;
        if (!ranking.group_attribute.empty()) row.group = units[u].attribute(ranking.group_attribute);
        ranking.rows.push_back(std::move(row));
    }
    // Each unit's place in id order, so that ties compare two integers rather than two strings
    // (first-level scores tie often: every unit with full marks), and the units in id order, for
    // orders where equal scores keep id order.
    const std::vector<std::uint32_t>& id_order = result.round().id_order();
    std::vector<UnitIndex> by_id(units.size());
    for (UnitIndex u = 0; u < units.size(); ++u)
        by_id[id_order[u]] = u;
    // First-level scores, rates and ranks, as published tables show them beside the total: a column
    // at a time into flat tables [indicator × unit], then copied into the rows. Each indicator's
    // order: keys (score, unit) laid out in id order, then a stable radix sort on the score, so that
    // equal scores stay in id order. The tables are the larger part of ranking a national round, and
    // need nothing of the rows' order: a large round makes them on a second thread while this one
    // orders the rows (they read only the result).
    const std::vector<NodeIndex>& firsts = framework.first_level();
    std::vector<double> first_scores(firsts.size() * units.size()), first_rates(first_scores.size());
    std::vector<std::uint32_t> first_ranks(first_scores.size());
    const auto first_level_tables = [&] {
        std::vector<detail::ScoreKey> keys, scratch;
        for (std::size_t k = 0; k < firsts.size(); ++k) {
            const double* earned = result.earned().col(firsts[k]).data();
            double* scores = first_scores.data() + k * units.size();
            double* rates = first_rates.data() + k * units.size();
            std::uint32_t* ranks = first_ranks.data() + k * units.size();
            const double max = framework[firsts[k]].points;
            for (UnitIndex u = 0; u < units.size(); ++u) {
                scores[u] = detail::round_half_away_at(earned[u], scale);
                rates[u] = published_rate(scores[u], max);
            }
            detail::by_score(
                by_id, [&](UnitIndex u) { return !result.excluded(u); }, [scores](UnitIndex u) { return scores[u]; },
                precision, keys, scratch);
            detail::assign_ranks(
                keys, ranking.method, [scores](const detail::ScoreKey& key) { return scores[key.unit]; },
                [ranks](auto& sorted, std::size_t i, std::uint32_t value) {
                    ranks[sorted[i].unit] = value ? value : ranks[sorted[i - 1].unit];
                });
        }
    };
    // A second thread from 20,000 first-level cells (3,200 units of nine first-level indicators
    // save a quarter of a millisecond); below, starting it costs more than it saves.
    constexpr std::size_t cells_per_thread = 10'000;
    std::optional<Background<>> tables_beside;
    if (thread_count(options.threads, firsts.size() * units.size() / cells_per_thread) > 1)
        tables_beside.emplace(first_level_tables);
    else
        first_level_tables();
    // Equal published totals: by the tie-break chain for ordinal ranks, then by unit id, so the
    // order never depends on input order. Excluded units come last, so the others' ranks close up.
    const bool ordinal = ranking.method == RankMethod::ordinal;
    const auto node_score = [&](const RankedUnit& row, NodeIndex node) {
        return round_half_away(result.earned(row.unit, node), precision);
    };
    std::vector<detail::ScoreKey> keys, scratch;
    keys.reserve(units.size());
    // Rows are still in unit order: sorted is a list of rows (units).
    std::vector<std::uint32_t> sorted;
    sorted.reserve(ranking.rows.size());
    if (!ordinal || policy.tie_break.empty()) {
        // Published total descending, then id: a stable radix sort of keys laid out in id order, the
        // units ranked first, then those excluded.
        for (const bool excluded : {false, true}) {
            detail::by_score(
                by_id, [&](UnitIndex u) { return ranking.rows[u].excluded == excluded; },
                [&](UnitIndex u) { return ranking.rows[u].published; }, precision, keys, scratch);
            for (const detail::ScoreKey& key : keys)
                sorted.push_back(key.unit);
        }
    } else {
        // Sorts positions, not rows: a row holds strings and a vector, and moving those around is
        // what a sort of 3,200 rows would spend its time on. What the comparison reads first is
        // gathered into a small key per row, so that it does not fetch two rows of 200 bytes each time.
        struct OrderKey {
            double published;
            std::uint32_t id_place;
            bool excluded;
        };
        std::vector<OrderKey> order_keys(ranking.rows.size());
        for (std::uint32_t i = 0; i < ranking.rows.size(); ++i) {
            const RankedUnit& row = ranking.rows[i];
            order_keys[i] = {row.published, id_order[row.unit], row.excluded};
            sorted.push_back(i);
        }
        std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) {
            const OrderKey& x = order_keys[a];
            const OrderKey& y = order_keys[b];
            if (x.excluded != y.excluded) return y.excluded;
            if (x.published != y.published) return x.published > y.published;
            for (NodeIndex node : policy.tie_break) {
                const double above = node_score(ranking.rows[a], node), below = node_score(ranking.rows[b], node);
                if (above != below) return above > below;
            }
            return x.id_place < y.id_place;
        });
    }
    {
        std::vector<RankedUnit> in_order;
        in_order.reserve(sorted.size());
        for (std::uint32_t i : sorted)
            in_order.push_back(std::move(ranking.rows[i]));
        ranking.rows = std::move(in_order);
    }
    std::size_t ranked = 0;
    while (ranked < ranking.rows.size() && !ranking.rows[ranked].excluded)
        ++ranked;
    std::vector<RankedUnit*> order;
    for (std::size_t i = 0; i < ranked; ++i)
        order.push_back(&ranking.rows[i]);
    const auto published = [](const RankedUnit* row) { return row->published; };
    detail::assign_ranks(order, ranking.method, published, [](auto& rows, std::size_t i, std::uint32_t value) {
        rows[i]->rank = value ? value : rows[i - 1]->rank;
    });
    if (ordinal)
        for (std::size_t i = 1; i < ranked; ++i) {
            RankedUnit& row = ranking.rows[i];
            const RankedUnit& above = ranking.rows[i - 1];
            if (row.published != above.published) continue;
            row.decided_by = "id";
            for (NodeIndex node : policy.tie_break)
                if (node_score(row, node) != node_score(above, node)) {
                    row.decided_by = framework[node].code;
                    break;
                }
        }
    if (!ranking.group_attribute.empty()) {
        std::map<std::string, std::vector<RankedUnit*>> groups;
        for (RankedUnit* row : order)
            groups[row->group].push_back(row);
        for (auto& [name, members] : groups) {
            detail::assign_ranks(members, ranking.method, published,
                                 [](auto& rows, std::size_t i, std::uint32_t value) {
                                     rows[i]->group_rank = value ? value : rows[i - 1]->group_rank;
                                 });
            for (RankedUnit* member : members)
                member->group_size = static_cast<std::uint32_t>(members.size());
        }
    }
    if (tables_beside) tables_beside->get();
    for (RankedUnit& row : ranking.rows) {
        row.first_level.resize(firsts.size());
        for (std::size_t k = 0; k < firsts.size(); ++k) {
            const std::size_t cell = k * units.size() + row.unit;
            row.first_level[k] = {first_scores[cell], first_rates[cell], first_ranks[cell]}; // rank 0 if excluded
        }
    }
    ranking.grades = options.grades.value_or(rubric.grades());
    assign_grades(ranking, result, ranking.grades);
    return ranking;
}

} // namespace shifan
