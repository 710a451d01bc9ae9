// The evidence check (evidence_check.hpp): each field read as its domain needs it, every problem
// collected, the round rewritten only when nothing is wrong.
#include "shifan/load/evidence_check.hpp"
#include "infra/nearest_names.hpp"

#include "load/partial_round.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/field_domains.hpp"
#include "shifan/load/round_editor.hpp"
#include "shifan/load/rubric.hpp"

#include "infra/language/say.hpp"
#include "infra/problems.hpp"
#include "load/spreadsheet_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace shifan {
namespace {

using detail::CellConversions;

/// No assessment counts anything larger: a value beyond it is a slip (1e308), never data.
constexpr double largest_magnitude = 1e12;

/// A field's value read as its domain needs it: what to store instead, if anything, the
/// conventions read, or the problem.
struct Reading {
    std::optional<FieldValue> replacement;
    std::string replacement_text; ///< for a text replacement (interned when the round is rewritten)
    CellConversions conversions;
    Bilingual problem; ///< empty when the value fits

    static Reading fine() { return {}; }
    static Reading wrong(Bilingual problem) {
        Reading r;
        r.problem = std::move(problem);
        return r;
    }
    static Reading number(double value, CellConversions conversions) {
        Reading r;
        r.replacement = FieldValue::of_number(value);
        r.conversions = conversions;
        return r;
    }
    static Reading boolean(bool value, CellConversions conversions) {
        Reading r;
        r.replacement = FieldValue::of_boolean(value);
        r.conversions = conversions;
        return r;
    }
    static Reading text(std::string text, CellConversions conversions) {
        Reading r;
        r.replacement = FieldValue::of_text(no_string);
        r.replacement_text = std::move(text);
        r.conversions = conversions;
        return r;
    }
};

/// A text as messages quote it: at most 40 bytes, cut between characters.
std::string quoted_text(std::string_view text) {
    if (text.size() <= 40) return std::string(text);
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

bool in_list(const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

class Checker {
public:
    /// From this many entries the first look at them is shared by two threads (3,200 units of 125
    /// leaves: 400,000 entries, 25 ms on one).
    static constexpr std::size_t two_thread_entries = std::size_t{1} << 16;

    Checker(const Framework& framework, const Rubric& rubric, const Round& round)
        : framework_(framework), round_(round), domains_(field_domains(framework, rubric)) {}

    /// Checks every entry; returns the replacements to make (arena index, reading) when nothing is
    /// wrong, and raises every problem otherwise.
    std::vector<std::pair<std::uint32_t, Reading>> run(EvidenceCheck& out) {
        std::vector<std::pair<std::uint32_t, Reading>> replacements;
        // Problems are listed, and conversions first found, unit by unit and leaf by leaf: the order
        // of a JSON round's file. But entries lie leaf by leaf, so that order would wait on memory
        // at every entry of a large round: the entries are first looked at in their own order, and
        // only those with something to say are then checked again in the order of the file.
        // A large round's leaves are looked at in two halves, on two threads: nothing is written
        // but each half's own list, and the lists are joined before they are sorted.
        const std::vector<NodeIndex>& leaves = framework_.leaves();
        using ToReport = std::vector<std::pair<UnitIndex, std::uint32_t>>; // (unit, position in leaves)
        const auto leaf_count = static_cast<std::uint32_t>(leaves.size());
        const unsigned parts = thread_count(0, round_.entries().size() >= two_thread_entries ? 2 : 1,
                                            std::max<std::size_t>(1, leaf_count));
        std::vector<ToReport> found(parts);
        run_parts(parts, [&](unsigned part) {
            const std::uint32_t begin = leaf_count * part / parts, end = leaf_count * (part + 1) / parts;
            for (std::uint32_t at = begin; at < end; ++at)
                for (UnitIndex unit = 0; unit < round_.unit_count(); ++unit)
                    if (const EvidenceEntry* entry = round_.entry(leaves[at], unit); entry && has_news(*entry))
                        found[part].emplace_back(unit, at);
        });
        ToReport to_report = std::move(found.front());
        for (unsigned part = 1; part < parts; ++part)
            to_report.insert(to_report.end(), found[part].begin(), found[part].end());
        std::sort(to_report.begin(), to_report.end());
        for (const auto& [unit, at] : to_report)
            check_entry(*round_.entry(leaves[at], unit), out, replacements);
        std::stable_sort(warnings_.begin(), warnings_.end(), [](const auto& a, const auto& b) {
            return std::tie(a.error.file(), a.origin) < std::tie(b.error.file(), b.origin);
        });
        for (Warning& warning : warnings_)
            out.warnings.push_back(std::move(warning.error));
        problems_.raise_if_any();
        return replacements;
    }

private:
    struct Warning {
        InputError error;
        std::uint32_t origin;
    };

    /// Whether checking the entry has anything to report: a field no rule reads, a problem, a
    /// conversion or a value to store instead.
    bool has_news(const EvidenceEntry& entry) const {
        for (const FieldValue& value : round_.fields(entry)) {
            const FieldDomain* domain = domains_.find(entry.node, round_.text(value.name));
            if (!domain) return true;
            const Reading reading = read(value, *domain, entry.node);
            if (!reading.problem.empty() || !reading.conversions.empty() || reading.replacement) return true;
        }
        return false;
    }

    /// Reads every field of an entry as its domain needs it; fields no rule reads are looked at
    /// last, when it is known which fields the entry lacks.
    void check_entry(const EvidenceEntry& entry, EvidenceCheck& out,
                     std::vector<std::pair<std::uint32_t, Reading>>& replacements) {
        const auto fields = round_.fields(entry);
        std::vector<std::uint32_t> unread;
        for (std::uint32_t i = 0; i < fields.size(); ++i) {
            const FieldValue& value = fields[i];
            const std::string_view name = round_.text(value.name);
            const FieldDomain* domain = domains_.find(entry.node, name);
            if (!domain) {
                unread.push_back(i);
                continue;
            }
            Reading reading = read(value, *domain, entry.node);
            if (!reading.problem.empty()) {
                problem(entry, value,
                        both(Msg::err_domain_in_field, arg("field", name), arg("problem", std::move(reading.problem))));
                continue;
            }
            if (reading.conversions.empty() && !reading.replacement) continue;
            // The place is composed only for a kind counted for the first time.
            reading.conversions.for_each([&](Conversion kind) {
                out.conversions.add_located(kind, [&] { return round_.field_place(entry, value, framework_); });
            });
            if (reading.replacement) replacements.emplace_back(entry.fields_begin + i, std::move(reading));
        }
        if (!unread.empty()) unread_fields(entry, unread);
    }

    /// Problems are ordered by file, then by the cell's origin, which numbers a table's cells row by
    /// row (0 for a JSON round: then in the order they are found, unit by unit and leaf by leaf).
    void problem(const EvidenceEntry& entry, const FieldValue& value, Bilingual text) {
        problem(entry, value, false, std::move(text));
    }
    /// The same at the place of the field's name (`name`) or its value.
    void problem(const EvidenceEntry& entry, const FieldValue& value, bool name, Bilingual text) {
        auto [file, place] = round_.field_place(entry, value, framework_, name);
        problems_.add(InputError(std::move(file), std::move(place), std::move(text)), round_.field_origin(value));
    }

    /// Fields of an entry no rule of its leaf reads: a warning each, or an error suggesting the
    /// field a rule reads when the entry lacks it and the name is one small edit away.
    void unread_fields(const EvidenceEntry& entry, const std::vector<std::uint32_t>& unread) {
        const auto fields = round_.fields(entry);
        const auto& read = domains_.of(entry.node);
        const std::string& code = framework_[entry.node].code;
        std::vector<std::string> names;
        for (const auto& field : read)
            names.push_back(field.first);
        for (std::uint32_t i : unread) {
            const FieldValue& value = fields[i];
            const std::string_view name = round_.text(value.name);
            if (const auto meant = meant_field(entry, name)) {
                problem(entry, value, true,
                        both(Msg::err_domain_misspelt, arg("code", code), arg("field", name), arg("expected", *meant)));
                continue;
            }
            const Bilingual fields_read = names.empty() ? both(Msg::warn_domain_read_none)
                                                        : both(Msg::warn_domain_read_fields,
                                                               arg("fields", joined_in_both(Msg::id_separator, names)));
            auto [file, place] = round_.field_place(entry, value, framework_, true);
            warnings_.push_back({InputError(std::move(file), std::move(place),
                                            both(Msg::warn_domain_unread, arg("code", code), arg("field", name),
                                                 arg("read", fields_read))),
                                 round_.field_origin(value)});
        }
    }

    /// The field a rule of the entry's leaf reads that the entry lacks and `name` most likely
    /// misspells: at most two edits (a transposition is one) and fewer than a third of its length.
    std::optional<std::string> meant_field(const EvidenceEntry& entry, std::string_view name) const {
        std::optional<std::string> best;
        std::size_t best_distance = 3;
        for (const auto& [field, domain] : domains_.of(entry.node)) {
            const StringId id = round_.strings().find(field);
            if (id != no_string && round_.field(entry, id)) continue;
            const std::size_t distance = detail::name_distance(name, field);
            if (distance < best_distance && 3 * distance < detail::code_point_count(field)) {
                best = field;
                best_distance = distance;
            }
        }
        return best;
    }

    Bilingual found(const FieldValue& value) const {
        switch (value.kind) {
        case FieldKind::number:
            return both(Msg::err_domain_found_number, arg("number", format_value(value.number())));
        case FieldKind::boolean:
            return both(value.number() != 0 ? Msg::err_domain_found_true : Msg::err_domain_found_false);
        case FieldKind::text:
            break;
        }
        return both(Msg::err_domain_found_text, arg("text", quoted_text(round_.text(value.text()))));
    }

    Reading wrong_kind(const FieldValue& value, const FieldDomain& domain) const {
        return Reading::wrong(
            both(Msg::err_domain_wrong, arg("expected", describe_domain(domain)), arg("found", found(value))));
    }

    Reading read(const FieldValue& value, const FieldDomain& domain, NodeIndex leaf) const {
        switch (domain.type) {
        case FieldDomainType::share:
        case FieldDomainType::count:
        case FieldDomainType::number:
            return read_number(value, domain);
        case FieldDomainType::boolean:
            return read_boolean(value, domain);
        case FieldDomainType::grade:
            return read_grade(value, domain, leaf);
        case FieldDomainType::date:
            return read_date(value, domain);
        case FieldDomainType::text:
            break;
        }
        return value.kind == FieldKind::text ? Reading::fine() : wrong_kind(value, domain);
    }

    Reading read_number(const FieldValue& value, const FieldDomain& domain) const {
        if (value.kind == FieldKind::number) {
            Bilingual problem = number_problem(
                value.number(), [&] { return format_value(value.number()); }, false, domain);
            return problem.empty() ? Reading::fine() : Reading::wrong(std::move(problem));
        }
        if (value.kind == FieldKind::boolean)
            return domain.boolean_allowed ? Reading::fine() : wrong_kind(value, domain);
        const std::string_view text = detail::trim_cell(round_.text(value.text()));
        const bool share = domain.type == FieldDomainType::share;
        if (const auto number = detail::read_number(text, share)) {
            Bilingual problem = number_problem(
                number->value, [&] { return std::string(text); }, number->conversions.has(Conversion::percent), domain);
            if (!problem.empty()) return Reading::wrong(std::move(problem));
            CellConversions conversions = number->conversions;
            // A plain decimal in a text (a JSON string "0.96") is the one convention left.
            if (conversions.empty()) conversions.add(Conversion::text_to_number);
            return Reading::number(number->value, conversions);
        }
        if (const auto meant = detail::decimal_comma_text(text))
            return Reading::wrong(
                both(Msg::err_domain_decimal_comma, arg("text", quoted_text(text)), arg("number", *meant)));
        // Declaring the field a share is advice only for a plain number: a count is never one.
        if (!share && detail::read_number(text, true))
            return Reading::wrong(both(domain.type == FieldDomainType::count ? Msg::err_domain_percent_in_count
                                                                             : Msg::err_domain_percent_not_share,
                                       arg("text", quoted_text(text)), arg("basis", domain_basis(domain))));
        if (domain.boolean_allowed)
            if (const auto boolean = detail::read_boolean(text, false))
                return Reading::boolean(boolean->value, boolean->conversions);
        return wrong_kind(value, domain);
    }

    /// The problem with a number in a share, count or number field (`shown()` as it was written),
    /// or nothing. The text is composed only for a problem: most numbers have none.
    template <class Shown>
    static Bilingual number_problem(double number, const Shown& shown, bool percent, const FieldDomain& domain) {
        const auto bound = [](double v) { return format_value(v); };
        if (std::fabs(number) > largest_magnitude) return both(Msg::err_domain_too_large, arg("value", shown()));
        if (domain.type == FieldDomainType::share) {
            if (number < 0) return both(Msg::err_domain_negative_share, arg("value", shown()));
            // A computed share may exceed 1 by rounding noise (1.0000000000000002): it scores as 1.
            if (number > 1 + points_tolerance) {
                if (percent) return both(Msg::err_domain_percent_above, arg("value", shown()));
                // 96 for 0.96: the likely slip is a percentage written without its sign.
                if (number <= 100)
                    return both(Msg::err_domain_share_above_one, arg("value", shown()),
                                arg("share", detail::hundredth_text(format_value(number))),
                                arg("percent", format_value(number) + "%"));
                return both(Msg::err_domain_share_far_above, arg("value", shown()));
            }
        }
        if (domain.type == FieldDomainType::count) {
            if (number < 0) return both(Msg::err_domain_negative_count, arg("value", shown()));
            if (number != std::floor(number))
                return both(Msg::err_domain_not_whole, arg("value", shown()), arg("basis", domain_basis(domain)));
        }
        if (domain.min && number < *domain.min)
            return both(Msg::err_domain_below_min, arg("value", shown()), arg("min", bound(*domain.min)),
                        arg("basis", domain_basis(domain)));
        const double noise = domain.type == FieldDomainType::share ? points_tolerance : 0;
        if (domain.max && number > *domain.max + noise)
            return both(Msg::err_domain_above_max, arg("value", shown()), arg("max", bound(*domain.max)),
                        arg("basis", domain_basis(domain)));
        if (domain.absurd_above && number > *domain.absurd_above)
            return both(Msg::err_domain_absurd, arg("value", shown()), arg("limit", bound(*domain.absurd_above)),
                        arg("basis", domain_basis(domain)));
        return {};
    }

    Reading read_boolean(const FieldValue& value, const FieldDomain& domain) const {
        if (value.kind == FieldKind::boolean) return Reading::fine();
        CellConversions word;
        word.add(Conversion::boolean_word);
        if (value.kind == FieldKind::number)
            return value.number() == 1 || value.number() == 0 ? Reading::boolean(value.number() == 1, word)
                                                              : wrong_kind(value, domain);
        const std::string_view text = round_.text(value.text());
        if (const auto boolean = detail::read_boolean(text, true))
            return Reading::boolean(boolean->value, boolean->conversions);
        if (detail::is_existence_word(text))
            return Reading::wrong(both(Msg::err_domain_existence_word, arg("text", detail::trim_cell(text))));
        return wrong_kind(value, domain);
    }

    Reading read_grade(const FieldValue& value, const FieldDomain& domain, NodeIndex leaf) const {
        if (value.kind == FieldKind::boolean) return wrong_kind(value, domain);
        // A grade named by a number (a CSV cell "3" read as the number 3) is the text it was.
        const std::string text =
            value.kind == FieldKind::number ? format_value(value.number()) : std::string(round_.text(value.text()));
        if (value.kind == FieldKind::text && in_list(domain.grades, text)) return Reading::fine();
        const std::string_view name = detail::trim_cell(text);
        if (in_list(domain.grades, name)) return Reading::text(std::string(name), {});
        if (value.kind == FieldKind::number) return wrong_kind(value, domain);
        return Reading::wrong(both(Msg::err_domain_unknown_grade, arg("grade", quoted_text(text)),
                                   arg("code", framework_[leaf].code),
                                   arg("grades", joined_in_both(Msg::id_separator, domain.grades))));
    }

    Reading read_date(const FieldValue& value, const FieldDomain& domain) const {
        if (value.kind == FieldKind::boolean)
            return value.number() == 0 && domain.false_allowed ? Reading::fine() : wrong_kind(value, domain);
        if (value.kind == FieldKind::number) {
            // A date cell saved as a number is Excel's serial of the day (1900 system).
            if (const auto iso = detail::excel_serial_date(value.number())) {
                detail::CellConversions serial;
                serial.add(Conversion::excel_serial_date);
                return Reading::text(*iso, serial);
            }
            return wrong_kind(value, domain);
        }
        const std::string_view text = round_.text(value.text());
        if (parse_date(text)) return Reading::fine();
        if (const auto date = detail::read_date(text)) {
            if (!date->exists)
                return Reading::wrong(both(Msg::err_domain_no_such_date, arg("text", detail::trim_cell(text))));
            return Reading::text(date->iso, date->conversions);
        }
        if (domain.false_allowed)
            if (const auto boolean = detail::read_boolean(text, false); boolean && !boolean->value)
                return Reading::boolean(false, boolean->conversions);
        return wrong_kind(value, domain);
    }

    const Framework& framework_;
    const Round& round_;
    FieldDomains domains_;
    detail::Problems problems_;
    std::vector<Warning> warnings_;
};

} // namespace

namespace detail {

void raise_with_value_problems(const PartialRoundError& error, const Framework& framework, const Rubric& rubric) {
    const InputError& reading = error;
    if (!error.partial()) throw reading;
    Round round = *error.partial();
    std::optional<InputError> values;
    try {
        check_evidence(framework, rubric, round);
    } catch (const InputError& e) {
        values = e;
    }
    if (!values) throw reading;
    // Each list is sorted by file: merged by file, a file's reading problems before its values'.
    const auto listed = [](const InputError& e) {
        std::vector<InputError> out{e};
        out.front().attach({}, 0);
        out.insert(out.end(), e.others().begin(), e.others().end());
        return out;
    };
    const std::vector<InputError> first = listed(reading), second = listed(*values);
    std::vector<InputError> all;
    all.reserve(first.size() + second.size());
    std::size_t i = 0, j = 0;
    while (i < first.size() || j < second.size())
        if (j == second.size() || (i < first.size() && !(second[j].file() < first[i].file())))
            all.push_back(first[i++]);
        else
            all.push_back(second[j++]);
    std::size_t omitted = reading.omitted() + values->omitted();
    if (all.size() > Problems::limit) {
        omitted += all.size() - Problems::limit;
        all.erase(all.begin() + static_cast<std::ptrdiff_t>(Problems::limit), all.end());
    }
    InputError merged = all.front();
    all.erase(all.begin());
    merged.attach(std::move(all), omitted);
    throw merged;
}

} // namespace detail

EvidenceCheck check_evidence(const Framework& framework, const Rubric& rubric, Round& round) {
    EvidenceCheck out;
    auto replacements = Checker(framework, rubric, round).run(out);
    if (replacements.empty()) return out;
    RoundEditor editor(std::move(round));
    for (auto& [index, reading] : replacements) {
        FieldValue value = *reading.replacement;
        if (value.kind == FieldKind::text) value = FieldValue::of_text(editor.intern(reading.replacement_text));
        editor.replace_value(index, value);
    }
    round = std::move(editor).finish();
    return out;
}

} // namespace shifan
