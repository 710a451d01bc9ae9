// Following units and indicators across rounds, and what changed (round_comparison.hpp).
#include "shifan/analyse/round_comparison.hpp"

#include "infra/language/places.hpp"
#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"
#include "infra/problems.hpp"
#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace shifan {

namespace {

/// Score rates and shares closer than this are equal: they come from published figures, whose
/// rounding leaves differences far above it.
constexpr double tolerance = 1e-9;

/// The things of one kind in a round: indicators or units, by code or id.
struct Items {
    const RoundOutcome& round;
    MappingRow::Kind kind;

    std::size_t size() const {
        return kind == MappingRow::Kind::indicator ? round.indicators.size() : round.units.size();
    }
    const std::string& code(std::size_t i) const {
        return kind == MappingRow::Kind::indicator ? round.indicators[i].code : round.units[i].id;
    }
    std::optional<std::size_t> find(std::string_view code) const {
        return kind == MappingRow::Kind::indicator ? round.indicator(code) : round.unit(code);
    }
    int level(std::size_t i) const { return kind == MappingRow::Kind::indicator ? round.indicators[i].level : 0; }
};

/// A mapping row resolved: round `from` to `from + 1`, item indexes (nullopt for new or dropped).
struct Link {
    MappingRow::Kind kind;
    std::size_t from = 0;
    std::optional<std::size_t> a, b;
};

/// Union-find over the items of every round, numbered round after round.
class Joined {
public:
    explicit Joined(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
    std::size_t root(std::size_t v) {
        while (parent_[v] != v)
            v = parent_[v] = parent_[parent_[v]];
        return v;
    }
    void join(std::size_t a, std::size_t b) { parent_[root(a)] = root(b); }

private:
    std::vector<std::size_t> parent_;
};

std::vector<std::string> labels_of(const std::vector<RoundOutcome>& rounds) {
    std::vector<std::string> labels;
    for (const RoundOutcome& round : rounds)
        labels.push_back(round.label);
    return labels;
}

/// The lineages of one kind: mapping links and equal codes joined into groups, ordered by the latest
/// round that has them.
std::vector<Lineage> lineages(const std::vector<RoundOutcome>& rounds, MappingRow::Kind kind,
                              const std::vector<Link>& links) {
    const std::size_t n = rounds.size();
    std::vector<std::size_t> offset(n + 1, 0);
    for (std::size_t r = 0; r < n; ++r)
        offset[r + 1] = offset[r] + Items{rounds[r], kind}.size();
    Joined joined(offset[n]);
    for (std::size_t r = 0; r + 1 < n; ++r) {
        const Items earlier{rounds[r], kind}, later{rounds[r + 1], kind};
        std::vector<bool> named_earlier(earlier.size(), false), named_later(later.size(), false);
        for (const Link& link : links) {
            if (link.kind != kind || link.from != r) continue;
            if (link.a) named_earlier[*link.a] = true;
            if (link.b) named_later[*link.b] = true;
            if (link.a && link.b) joined.join(offset[r] + *link.a, offset[r + 1] + *link.b);
        }
        // Where the mapping says nothing, equal codes (of the same level) are the same thing.
        for (std::size_t i = 0; i < earlier.size(); ++i) {
            if (named_earlier[i]) continue;
            const std::optional<std::size_t> j = later.find(earlier.code(i));
            if (j && !named_later[*j] && earlier.level(i) == later.level(*j))
                joined.join(offset[r] + i, offset[r + 1] + *j);
        }
    }
    std::vector<Lineage> out;
    std::map<std::size_t, std::size_t> of_root;
    for (std::size_t r = n; r-- > 0;) {
        const Items items{rounds[r], kind};
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::size_t root = joined.root(offset[r] + i);
            auto [it, added] = of_root.emplace(root, out.size());
            if (added) out.emplace_back().members.resize(n);
            out[it->second].members[r].push_back(i);
        }
    }
    for (Lineage& lineage : out) {
        std::size_t r = n;
        while (!lineage.in(r - 1))
            --r;
        --r; // the latest round that has it
        std::vector<std::string> codes, names;
        lineage.leaf = true;
        for (std::size_t i : lineage.members[r]) {
            if (kind == MappingRow::Kind::indicator) {
                const OutcomeIndicator& indicator = rounds[r].indicators[i];
                codes.push_back(indicator.code);
                names.push_back(indicator.name);
                lineage.level = indicator.level;
                for (const std::string& department : indicator.lead)
                    if (std::find(lineage.lead.begin(), lineage.lead.end(), department) == lineage.lead.end())
                        lineage.lead.push_back(department);
            } else {
                codes.push_back(rounds[r].units[i].id);
                names.push_back(rounds[r].units[i].name);
            }
        }
        if (kind == MappingRow::Kind::indicator)
            for (std::size_t q = 0; q < n; ++q)
                for (std::size_t i : lineage.members[q])
                    lineage.leaf = lineage.leaf && rounds[q].indicators[i].leaf;
        std::string code;
        for (std::size_t k = 0; k < codes.size(); ++k)
            code += (k ? "+" : "") + codes[k];
        lineage.code = std::move(code);
        lineage.names = std::move(names);
    }
    return out;
}

/// Reads the mapping's rows against the rounds; every problem is added to `problems`.
std::vector<Link> resolve(const RoundMapping& mapping, const std::vector<RoundOutcome>& rounds,
                          detail::Problems& problems) {
    const std::vector<std::string> labels = labels_of(rounds);
    const auto round_of = [&](const std::string& label) -> std::optional<std::size_t> {
        for (std::size_t r = 0; r < rounds.size(); ++r)
            if (rounds[r].label == label) return r;
        return std::nullopt;
    };
    std::vector<Link> links;
    std::set<std::tuple<int, std::size_t, std::string, std::string>> seen;
    for (const MappingRow& row : mapping.rows) {
        const auto problem = [&](Bilingual text) {
            problems.add(InputError(mapping.source, at_row(row.row), std::move(text)), row.row);
        };
        std::optional<std::size_t> from, to;
        if (!row.from_round.empty() && !(from = round_of(row.from_round))) {
            problem(both(Msg::err_mapping_unknown_round, arg("round", row.from_round),
                         arg("rounds", joined_in_both(Msg::list_separator, labels))));
            continue;
        }
        if (!row.to_round.empty() && !(to = round_of(row.to_round))) {
            problem(both(Msg::err_mapping_unknown_round, arg("round", row.to_round),
                         arg("rounds", joined_in_both(Msg::list_separator, labels))));
            continue;
        }
        if (!from && !to) {
            if (rounds.size() != 2) {
                problem(both(Msg::err_mapping_rounds_needed, arg("count", rounds.size())));
                continue;
            }
            from = 0;
        }
        if (!from) from = *to == 0 ? std::optional<std::size_t>() : *to - 1;
        if (!to) to = *from + 1;
        if (!from || *to != *from + 1 || *to >= rounds.size()) {
            problem(both(Msg::err_mapping_not_consecutive, arg("from", row.from_round.empty() ? "—" : row.from_round),
                         arg("to", row.to_round.empty() ? "—" : row.to_round),
                         arg("rounds", joined_in_both(Msg::list_separator, labels))));
            continue;
        }
        Link link{row.kind, *from, std::nullopt, std::nullopt};
        const Items earlier{rounds[*from], row.kind}, later{rounds[*to], row.kind};
        const bool indicator = row.kind == MappingRow::Kind::indicator;
        const auto find = [&](const Items& items, const std::string& code) {
            std::optional<std::size_t> found = items.find(code);
            if (!found) {
                std::vector<std::string> codes;
                for (std::size_t i = 0; i < items.size(); ++i)
                    codes.push_back(items.code(i));
                const Bilingual tail =
                    detail::suggestion_tail(code, detail::plain_candidates(codes), both(Msg::err_mapping_codes_where));
                problem(both(indicator ? Msg::err_mapping_unknown_indicator : Msg::err_mapping_unknown_unit,
                             arg("code", code), arg("round", items.round.label), arg("tail", tail)));
            }
            return found;
        };
        bool fine = true;
        if (!row.from.empty()) fine = (link.a = find(earlier, row.from)).has_value() && fine;
        if (!row.to.empty()) fine = (link.b = find(later, row.to)).has_value() && fine;
        if (!fine) continue;
        if (link.a && link.b && earlier.level(*link.a) != later.level(*link.b)) {
            problem(both(Msg::err_mapping_levels, arg("from", row.from), arg("from_level", earlier.level(*link.a)),
                         arg("to", row.to), arg("to_level", later.level(*link.b))));
            continue;
        }
        if (!seen.emplace(static_cast<int>(row.kind), *from, row.from, row.to).second) {
            problem(both(Msg::err_mapping_duplicate_row, arg("from", row.from), arg("to", row.to)));
            continue;
        }
        links.push_back(link);
    }
    return links;
}

/// Every check of the rounds and the mapping, raised together.
std::vector<Link> checked_links(const std::vector<RoundOutcome>& rounds, const RoundMapping& mapping) {
    detail::Problems problems;
    for (std::size_t j = 1; j < rounds.size(); ++j)
        for (std::size_t i = 0; i < j; ++i) {
            if (rounds[i].label == rounds[j].label)
                problems.add(InputError(rounds[j].source, Bilingual::same("/round"),
                                        both(Msg::err_compare_label_twice, arg("label", rounds[j].label))));
            else if (rounds[i].round_id == rounds[j].round_id)
                problems.add(InputError(rounds[j].source, Bilingual::same("/round/id"),
                                        both(Msg::err_compare_round_twice, arg("round", rounds[j].round_id),
                                             arg("first", rounds[i].label), arg("second", rounds[j].label))));
        }
    std::vector<Link> links = resolve(mapping, rounds, problems);
    for (std::size_t r = 0; r + 1 < rounds.size(); ++r) {
        if (rounds[r].system_id == rounds[r + 1].system_id) continue;
        const bool mapped = std::any_of(mapping.rows.begin(), mapping.rows.end(), [&](const MappingRow& row) {
            if (row.kind != MappingRow::Kind::indicator) return false;
            // A row without rounds maps the only pair there is.
            return (row.from_round.empty() && row.to_round.empty()) || row.from_round == rounds[r].label ||
                   row.to_round == rounds[r + 1].label;
        });
        if (!mapped)
            problems.add(InputError(rounds[r + 1].source, Bilingual::same("/indicators/id"),
                                    both(Msg::err_compare_other_system, arg("label", rounds[r + 1].label),
                                         arg("system", rounds[r + 1].system_id), arg("earlier", rounds[r].label),
                                         arg("earlier_system", rounds[r].system_id))));
    }
    problems.raise_if_any();
    return links;
}

/// Figures of a unit lineage in round `r`.
UnitFigures figures(const RoundOutcome& round, const std::vector<std::size_t>& members) {
    UnitFigures out;
    if (members.empty()) return out;
    out.present = true;
    for (std::size_t u : members) {
        out.total += round.units[u].total;
        out.score_rate += round.units[u].score_rate;
        out.excluded = out.excluded || round.units[u].excluded;
    }
    out.total /= static_cast<double>(members.size());
    out.score_rate /= static_cast<double>(members.size());
    if (members.size() == 1) {
        out.rank = round.units[members[0]].rank;
        out.grade = round.units[members[0]].grade;
    }
    return out;
}

/// A unit lineage's points on an indicator lineage in round `r` (mean over the unit's members of the
/// sum over the indicator's), and the indicator's maximum there.
struct Points {
    double score = 0, max = 0;
};

Points points(const RoundOutcome& round, const std::vector<std::size_t>& units,
              const std::vector<std::size_t>& indicators) {
    Points out;
    for (std::size_t i : indicators)
        out.max += round.indicators[i].max;
    for (std::size_t u : units)
        for (std::size_t i : indicators)
            out.score += round.units[u].scores[i];
    if (!units.empty()) out.score /= static_cast<double>(units.size());
    return out;
}

/// Points lost, as published: the maximum less the score, at the round's precision.
double lost_points(const RoundOutcome& round, const Points& p) {
    return std::max(0.0, round_half_away(p.max - p.score, round.precision));
}

/// Competition ranks of `values` (higher first), equal within the tolerance sharing the better rank.
std::vector<std::uint32_t> ranks_of(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
    std::vector<std::uint32_t> ranks(values.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k)
        ranks[order[k]] = k > 0 && std::abs(values[order[k]] - values[order[k - 1]]) <= tolerance
                              ? ranks[order[k - 1]]
                              : static_cast<std::uint32_t>(k + 1);
    return ranks;
}

} // namespace

LineageStep Lineage::step(std::size_t r) const {
    const std::size_t a = members[r].size(), b = members[r + 1].size();
    if (a == 0 && b == 0) return LineageStep::absent;
    if (a == 0) return LineageStep::added;
    if (b == 0) return LineageStep::dropped;
    if (a == 1 && b == 1) return LineageStep::one_to_one;
    if (a == 1) return LineageStep::split;
    if (b == 1) return LineageStep::merged;
    return LineageStep::regrouped;
}

bool Comparison::same_maximum() const {
    return std::all_of(rounds.begin(), rounds.end(), [&](const RoundOutcome& round) {
        return std::abs(round.max - rounds.front().max) <= tolerance;
    });
}

Comparison compare_rounds(std::vector<RoundOutcome> rounds, const RoundMapping& mapping,
                          const ComparisonOptions& options) {
    if (rounds.size() < 2)
        throw InputError(rounds.empty() ? std::string() : rounds.front().source, Bilingual::same("/"),
                         both(Msg::err_compare_two_rounds));
    const std::vector<Link> links = checked_links(rounds, mapping);
    Comparison out;
    out.rounds = std::move(rounds);
    const std::size_t n = out.rounds.size();
    out.latest = n - 1;
    out.base = n - 2;
    if (options.base) {
        std::optional<std::size_t> base;
        for (std::size_t r = 0; r + 1 < n; ++r)
            if (out.rounds[r].label == *options.base) base = r;
        if (!base) {
            std::vector<std::string> earlier = labels_of(out.rounds);
            earlier.pop_back();
            throw ArgumentError(both(Msg::err_compare_base, arg("base", *options.base),
                                     arg("rounds", joined_in_both(Msg::list_separator, earlier))));
        }
        out.base = *base;
    }
    out.indicators = lineages(out.rounds, MappingRow::Kind::indicator, links);
    out.units = lineages(out.rounds, MappingRow::Kind::unit, links);
    const std::size_t base = out.base, latest = out.latest;
    const RoundOutcome &base_round = out.rounds[base], &latest_round = out.rounds[latest];

    // Per unit: the figures of every round, and ranks among the units common to base and latest.
    std::vector<std::size_t> ranked;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        UnitComparison row;
        row.unit = u;
        for (std::size_t r = 0; r < n; ++r)
            row.rounds.push_back(figures(out.rounds[r], out.units[u].members[r]));
        row.common = row.rounds[base].present && row.rounds[latest].present;
        row.ranked = row.common && !row.rounds[base].excluded && !row.rounds[latest].excluded;
        out.common_units += row.common ? 1 : 0;
        if (row.ranked) ranked.push_back(u);
        out.unit_rows.push_back(std::move(row));
    }
    out.ranked_units = ranked.size();
    for (const std::size_t r : {base, latest}) {
        std::vector<double> rates;
        for (std::size_t u : ranked)
            rates.push_back(out.unit_rows[u].rounds[r].score_rate);
        const std::vector<std::uint32_t> ranks = ranks_of(rates);
        for (std::size_t k = 0; k < ranked.size(); ++k)
            (r == base ? out.unit_rows[ranked[k]].common_rank_base : out.unit_rows[ranked[k]].common_rank_latest) =
                ranks[k];
    }

    // The progress ranking: by the change of score rate as published (a share to 4 decimals, a
    // percentage to 2), equal changes sharing the better rank, listed by the latest rate, then id.
    for (std::size_t u : ranked) {
        const UnitComparison& row = out.unit_rows[u];
        out.progress.push_back({u, row.rounds[latest].score_rate - row.rounds[base].score_rate, 0});
    }
    const auto key = published_change;
    std::sort(out.progress.begin(), out.progress.end(), [&](const ProgressRow& a, const ProgressRow& b) {
        if (key(a.change) != key(b.change)) return key(a.change) > key(b.change);
        const double ra = out.unit_rows[a.unit].rounds[latest].score_rate,
                     rb = out.unit_rows[b.unit].rounds[latest].score_rate;
        if (ra != rb) return ra > rb;
        return out.units[a.unit].code < out.units[b.unit].code;
    });
    for (std::size_t k = 0; k < out.progress.size(); ++k)
        out.progress[k].rank = k > 0 && key(out.progress[k].change) == key(out.progress[k - 1].change)
                                   ? out.progress[k - 1].rank
                                   : static_cast<std::uint32_t>(k + 1);

    // First-level indicators and leaves, in base and latest, for the common units.
    std::vector<std::size_t> common;
    for (const UnitComparison& row : out.unit_rows)
        if (row.common) common.push_back(row.unit);
    // A unit's points on an indicator in round `r` (both as lineages), its rate and what it lost.
    const auto points_of = [&](std::size_t r, std::size_t u, std::size_t i) {
        return points(out.rounds[r], out.units[u].members[r], out.indicators[i].members[r]);
    };
    const auto rate = [&](std::size_t r, std::size_t u, std::size_t i) {
        const Points p = points_of(r, u, i);
        return p.max > 0 ? p.score / p.max : 0.0;
    };
    const auto lost_in = [&](std::size_t r, std::size_t u, std::size_t i) {
        return lost_points(out.rounds[r], points_of(r, u, i));
    };
    const auto comparable = [&](const Lineage& lineage) {
        return lineage.in(base) && lineage.in(latest) && points(base_round, {}, lineage.members[base]).max > 0 &&
               points(latest_round, {}, lineage.members[latest]).max > 0;
    };
    for (std::size_t i = 0; i < out.indicators.size(); ++i) {
        const Lineage& lineage = out.indicators[i];
        if (lineage.level != 1 || !comparable(lineage)) continue;
        FirstLevelChange cohort{FirstLevelChange::cohort, i, {}};
        for (std::size_t u : common) {
            const RateChange change{rate(base, u, i), rate(latest, u, i)};
            out.first_level.push_back({u, i, change});
            cohort.rate.base += change.base / static_cast<double>(common.size());
            cohort.rate.latest += change.latest / static_cast<double>(common.size());
        }
        out.first_level_cohort.push_back(cohort);
    }
    std::stable_sort(out.first_level.begin(), out.first_level.end(),
                     [](const FirstLevelChange& a, const FirstLevelChange& b) { return a.unit < b.unit; });
    for (std::size_t i = 0; i < out.indicators.size(); ++i) {
        const Lineage& lineage = out.indicators[i];
        if (!lineage.leaf || !comparable(lineage) || common.empty()) continue;
        IndicatorTrend trend{i, {}, 0, 0};
        for (std::size_t u : common) {
            trend.rate.base += rate(base, u, i) / static_cast<double>(common.size());
            trend.rate.latest += rate(latest, u, i) / static_cast<double>(common.size());
            trend.losing_base += lost_in(base, u, i) > 0 ? 1 : 0;
            trend.losing_latest += lost_in(latest, u, i) > 0 ? 1 : 0;
        }
        out.trends.push_back(trend);
    }
    std::stable_sort(out.trends.begin(), out.trends.end(), [&](const IndicatorTrend& a, const IndicatorTrend& b) {
        return key(a.rate.change()) > key(b.rate.change());
    });

    // Follow-ups: every loss on a leaf in one round, against the next round.
    std::map<std::pair<std::size_t, std::string>, DepartmentFollowUp> by_department;
    for (std::size_t r = 0; r + 1 < n; ++r)
        for (std::size_t u = 0; u < out.units.size(); ++u) {
            if (!out.units[u].in(r)) continue;
            for (std::size_t i = 0; i < out.indicators.size(); ++i) {
                const Lineage& indicator = out.indicators[i];
                if (!indicator.leaf || !indicator.in(r)) continue;
                const Points p = points_of(r, u, i);
                const double lost = lost_points(out.rounds[r], p);
                if (lost <= 0 || p.max <= 0) continue;
                FollowUp row;
                row.from = r;
                row.unit = u;
                row.indicator = i;
                row.lost = lost;
                row.lost_share = lost / p.max;
                row.streak = 0;
                if (!out.units[u].in(r + 1))
                    row.status = FollowUpStatus::unit_absent;
                else if (!indicator.in(r + 1))
                    row.status = FollowUpStatus::indicator_gone;
                else {
                    const Points next = points_of(r + 1, u, i);
                    row.lost_next = lost_points(out.rounds[r + 1], next);
                    row.lost_share_next = next.max > 0 ? row.lost_next / next.max : 0;
                    if (row.lost_next <= 0)
                        row.status = FollowUpStatus::recovered;
                    else if (row.lost_share_next < row.lost_share - tolerance)
                        row.status = FollowUpStatus::partly;
                    else if (row.lost_share_next > row.lost_share + tolerance)
                        row.status = FollowUpStatus::worse;
                    else
                        row.status = FollowUpStatus::still_losing;
                    if (row.lost_next > 0) {
                        // Rounds in a row with points lost here, the next one included.
                        row.streak = 2;
                        for (std::size_t q = r; q-- > 0;) {
                            if (!out.units[u].in(q) || !indicator.in(q) || lost_in(q, u, i) <= 0) break;
                            ++row.streak;
                        }
                    }
                }
                for (const std::string& department : indicator.lead) {
                    DepartmentFollowUp& d = by_department[{r, department}];
                    d.from = r;
                    d.department = department;
                    ++d.found;
                    switch (row.status) {
                    case FollowUpStatus::recovered:
                        ++d.recovered;
                        break;
                    case FollowUpStatus::partly:
                        ++d.partly;
                        break;
                    case FollowUpStatus::still_losing:
                        ++d.still_losing;
                        break;
                    case FollowUpStatus::worse:
                        ++d.worse;
                        break;
                    default:
                        ++d.untracked;
                        break;
                    }
                    d.repeated += row.streak == 2 ? 1 : 0;
                    d.persistent += row.streak >= 3 ? 1 : 0;
                    d.lost_again += row.lost_next;
                }
                out.follow_ups.push_back(row);
            }
        }
    for (auto& [where, department] : by_department)
        out.departments.push_back(std::move(department));
    std::stable_sort(out.departments.begin(), out.departments.end(),
                     [](const DepartmentFollowUp& a, const DepartmentFollowUp& b) {
                         if (a.from != b.from) return a.from < b.from;
                         if (a.repeated + a.persistent != b.repeated + b.persistent)
                             return a.repeated + a.persistent > b.repeated + b.persistent;
                         return a.found > b.found;
                     });
    return out;
}

} // namespace shifan
