// The front door (declared in assessment.hpp): an assessment owns its inputs in one shared state;
// the result is scored on first use, and the grades file is read on first use, so a command that
// needs neither (a composite index) pays for neither, and errors come in the order of use.
#include "shifan/assessment.hpp"

#include "analyse/unit_names.hpp"
#include "infra/language/say.hpp"
#include "load/partial_round.hpp"
#include "shifan/analyse/ahp.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/evidence_check.hpp"
#include "shifan/load/round_values.hpp"
#include "shifan/report/explanation.hpp"
#include "shifan/report/tables.hpp"
#include "shifan/report/text.hpp"
#include "shifan/version.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {

namespace detail {

/// The inputs, owned together so that a Result can share them.
struct AssessmentInputs {
    std::shared_ptr<const Framework> framework;
    std::shared_ptr<const Rubric> rubric;
    std::shared_ptr<const Round> round;
};

} // namespace detail

using Inputs = detail::AssessmentInputs;

struct Assessment::State {
    Sources sources;
    std::shared_ptr<const Inputs> inputs;
    ScoreOptions scoring;
    Language language = Language::en;
    std::vector<InputError> warnings; ///< found while loading
    Conversions conversions;          ///< made while loading

    std::once_flag scored;
    std::optional<Result> result;

    std::once_flag graded;
    std::optional<GradePolicy> grades; ///< the grades file's, when given

    std::optional<Background<std::vector<AuditInput>>> digests; ///< started by load when asked for
    std::mutex digests_mutex;
    std::optional<std::vector<AuditInput>> digested;
    std::mutex ahp_mutex;
    std::filesystem::path ahp_read; ///< the AHP file the composite index was weighted with, once read
    /// The composite index's raw values, when the round was read for them alone (LoadOptions::composite_only).
    std::shared_ptr<const Eigen::MatrixXd> composite_values;
};

namespace {

/// Loads a round; when its tables hold problems, the values of their good rows are checked too, so
/// that both kinds are reported at once (load/partial_round.hpp).
Round load_round_checked(const std::filesystem::path& evidence, const Framework& framework, const Rubric& rubric) {
    try {
        return load_round(evidence, framework, &rubric);
    } catch (const detail::PartialRoundError& e) {
        if (rubric.gives_points()) detail::raise_with_value_problems(e, framework, rubric);
        throw InputError(e);
    }
}

/// Loads a round for the values of the rubric's composite index (load_round_values), its problems
/// reported as load_round_checked reports them.
RoundValues load_round_values_checked(const std::filesystem::path& evidence, const Framework& framework,
                                      const Rubric& rubric) {
    try {
        return load_round_values(evidence, framework, &rubric, rubric.composite()->leaf_fields(framework));
    } catch (const detail::PartialRoundError& e) {
        throw InputError(e);
    }
}

/// Runs `body`, marking an InputError it throws with `language`: once the rubric is read, errors
/// of the inputs (scoring, the grades file, changes, units asked for) are reported in its language.
template <class Body> decltype(auto) in_language(Language language, Body&& body) {
    try {
        return body();
    } catch (InputError& e) {
        e.set_language(language);
        throw;
    }
}

/// Runs `body`, marking an InputError it throws with the language the rubric declares, if it does
/// (validate has no language of its own: otherwise the command's applies).
template <class Body> decltype(auto) in_rubric_language(const Rubric& rubric, Body&& body) {
    if (const std::optional<Language> declared = rubric.language()) return in_language(*declared, body);
    return body();
}

/// A problem of a changed round, said to come from the changes: the place named is where the
/// evidence was read from, and the value there is the changed one.
InputError after_changes(const InputError& e, const std::vector<EvidenceChange>& changes, Language language) {
    std::vector<std::string> given;
    for (const EvidenceChange& change : changes)
        given.push_back(change.given);
    InputError after(e.file(), e.location_text(),
                     both(Msg::err_score_after_changes, arg("problem", e.problem_text()),
                          arg("changes", joined_in_both(Msg::id_separator, given))));
    after.set_language(language);
    return after;
}

/// The input files a command names, each digested (a round directory: its CSV tables).
std::vector<AuditInput> digest(const Sources& sources) {
    std::vector<AuditInput> all;
    for (const auto& [role, path] :
         {std::pair<const char*, const std::filesystem::path*>{"indicators", &sources.indicators},
          {"rubric", &sources.rubric},
          {"evidence", &sources.evidence},
          {"grades", &sources.grades}}) {
        if (path->empty()) continue;
        std::vector<AuditInput> inputs = audit_inputs(role, path->string());
        all.insert(all.end(), inputs.begin(), inputs.end());
    }
    return all;
}

} // namespace

Assessment::Assessment(std::shared_ptr<State> state) : state_(std::move(state)) {}

Assessment::Assessment(Framework framework, Rubric rubric, Round round, const ScoreOptions& options,
                       std::optional<Language> language)
    : state_(std::make_shared<State>()) {
    state_->language = language.value_or(rubric.language().value_or(Language::en));
    state_->conversions = round.conversions();
    if (rubric.gives_points()) {
        // A round built in memory is held to the same domains as one read from files.
        EvidenceCheck checked = in_language(state_->language, [&] { return check_evidence(framework, rubric, round); });
        state_->conversions.merge(checked.conversions);
        state_->warnings = std::move(checked.warnings);
    }
    state_->inputs = std::make_shared<const Inputs>(Inputs{std::make_shared<const Framework>(std::move(framework)),
                                                           std::make_shared<const Rubric>(std::move(rubric)),
                                                           std::make_shared<const Round>(std::move(round))});
    state_->scoring = options;
}

Assessment Assessment::load(const Sources& sources, const LoadOptions& options) {
    auto state = std::make_shared<State>();
    state->sources = sources;
    state->scoring.threads = options.threads;
    // The inputs are hashed on a second thread while they are read.
    if (options.digests) state->digests.emplace([sources] { return digest(sources); });
    auto framework = std::make_shared<const Framework>(load_framework(sources.indicators));
    auto rubric = std::make_shared<const Rubric>(load_rubric(sources.rubric, *framework));
    state->language = options.language.value_or(rubric->language().value_or(options.fallback_language));
    Round loaded = in_language(state->language, [&] {
        if (options.composite_only && !rubric->gives_points() && rubric->composite()) {
            RoundValues read = load_round_values_checked(sources.evidence, *framework, *rubric);
            if (read.values) state->composite_values = std::make_shared<const Eigen::MatrixXd>(std::move(*read.values));
            return std::move(read.round);
        }
        return load_round_checked(sources.evidence, *framework, *rubric);
    });
    state->conversions = loaded.conversions();
    if (rubric->gives_points()) {
        // Values in the forms spreadsheets write them, read by their field's domain, and checked.
        EvidenceCheck checked =
            in_language(state->language, [&] { return check_evidence(*framework, *rubric, loaded); });
        state->conversions.merge(checked.conversions);
        state->warnings = std::move(checked.warnings);
    }
    auto round = std::make_shared<const Round>(std::move(loaded));
    state->inputs = std::make_shared<const Inputs>(Inputs{std::move(framework), std::move(rubric), std::move(round)});
    return Assessment(std::move(state));
}

const Framework& Assessment::framework() const noexcept { return *state_->inputs->framework; }
const Rubric& Assessment::rubric() const noexcept { return *state_->inputs->rubric; }
const Round& Assessment::round() const noexcept { return *state_->inputs->round; }
const Sources& Assessment::sources() const noexcept { return state_->sources; }
Language Assessment::language() const noexcept { return state_->language; }
const std::vector<InputError>& Assessment::warnings() const noexcept { return state_->warnings; }
const Conversions& Assessment::conversions() const noexcept { return state_->conversions; }

const Result& Assessment::result() const {
    State& state = *state_;
    std::call_once(state.scored, [&] {
        Result result =
            in_language(state.language, [&] { return score(framework(), rubric(), round(), state.scoring); });
        if (const std::string broken = check_invariants(result); !broken.empty())
            throw std::logic_error("scoring invariant violated: " + broken);
        result.share_inputs(state.inputs);
        state.result.emplace(std::move(result));
    });
    return *state.result;
}

UnitIndex Assessment::unit(std::string_view id) const { return detail::named_unit(round(), id, {}, language()); }

const GradePolicy& Assessment::grades() const {
    State& state = *state_;
    if (state.sources.grades.empty()) return rubric().grades();
    std::call_once(state.graded, [&] {
        state.grades.emplace(in_language(state.language, [&] { return load_grades(state.sources.grades, rubric()); }));
    });
    return *state.grades;
}

Ranking Assessment::rank(RankOptions options) const {
    const Result& scored = result();
    if (!options.grades) options.grades = grades();
    if (options.threads == 0) options.threads = state_->scoring.threads; // as the command's --threads says
    return shifan::rank(scored, options);
}

std::vector<Table> Assessment::report(const Ranking& ranking) const {
    ReportOptions options = ReportOptions::from(rubric());
    options.language = language();
    return report(ranking, options);
}

std::vector<Table> Assessment::report(const Ranking& ranking, const ReportOptions& options) const {
    return report_tables(ranking, result(), options);
}

std::string Assessment::explain(std::string_view id) const {
    const UnitIndex which = unit(id);
    return explain_unit(shifan::rank(result()), result(), which, language());
}

Document Assessment::explanation(std::string_view id) const {
    const UnitIndex which = unit(id);
    const Ranking ranking = shifan::rank(result());
    Document out = document("explain", {explanation_table(ranking, result(), which, language())}, true);
    out.narrative = escape_controls(explain_unit(ranking, result(), which, language()), true);
    return out;
}

const Result& WhatIf::result() const { return changed ? changed->result() : original->result(); }

WhatIf Assessment::what_if(const WhatIfRequest& request) const {
    WhatIf out;
    const ShortlistPolicy shortlist = request.shortlist.value_or(rubric().report().shortlist);
    if (!shortlist.grade.empty() && shortlist.top == 0)
        throw std::invalid_argument("a shortlist grade needs the number of units to name");
    std::vector<UnitIndex> units;
    for (const std::string& id : request.units)
        units.push_back(unit(id));
    RankOptions options = request.ranking;
    out.before = rank(options);
    if (!options.grades) options.grades = out.before.grades;
    out.original = std::make_shared<const Assessment>(*this);
    if (request.changes.empty()) {
        out.after = out.before;
    } else {
        Round changed_round = in_language(
            language(), [&] { return apply_changes(round(), framework(), rubric(), request.changes, &out.applied); });
        // A value set is read as one loaded is (96% in a share field, 是 in a boolean one) and checked.
        if (rubric().gives_points()) {
            try {
                check_evidence(framework(), rubric(), changed_round);
            } catch (const InputError& e) {
                throw after_changes(e, request.changes, language());
            }
        }
        auto state = std::make_shared<State>();
        state->sources = state_->sources;
        state->scoring.threads = request.threads;
        state->language = state_->language;
        state->inputs = std::make_shared<const Inputs>(Inputs{state_->inputs->framework, state_->inputs->rubric,
                                                              std::make_shared<const Round>(std::move(changed_round))});
        out.changed = std::make_shared<const Assessment>(Assessment(std::move(state)));
        try {
            out.changed->result();
        } catch (const InputError& e) {
            throw after_changes(e, request.changes, e.language().value_or(language()));
        }
        out.after = out.changed->rank(options);
        for (const AppliedChange& change : out.applied) {
            out.changed_units.push_back(change.unit);
            if (request.units.empty() && std::find(units.begin(), units.end(), change.unit) == units.end())
                units.push_back(change.unit);
        }
    }
    for (UnitIndex unit : units)
        out.gaps.push_back(unit_gaps(out.after, out.result(), unit, shortlist));
    return out;
}

const std::vector<std::string>& whatif_table_ids() {
    static const std::vector<std::string> ids{"changes", "whatif", "gaps", "recoverable"};
    return ids;
}

std::vector<Table> whatif_tables(const WhatIf& whatif, const std::vector<std::string>& ids) {
    for (const std::string& id : ids)
        if (std::find(whatif_table_ids().begin(), whatif_table_ids().end(), id) == whatif_table_ids().end())
            throw std::invalid_argument(
                fmt::format("unknown table '{}' (tables: {})", id, fmt::join(whatif_table_ids(), ", ")));
    const Result& result = whatif.result();
    const bool changing = whatif.changed != nullptr;
    std::vector<Table> tables;
    if (changing) {
        tables.push_back(changes_table(whatif.applied, result, whatif.original->language()));
        tables.push_back(whatif_table(compare_rankings(whatif.before, whatif.after, whatif.changed_units), whatif.after,
                                      result, whatif.original->language()));
    }
    tables.push_back(gaps_table(whatif.gaps, whatif.after, result, whatif.original->language()));
    tables.push_back(recoverable_table(whatif.gaps, whatif.after, result, 5, whatif.original->language()));
    if (changing)
        for (std::size_t t = 2; t < tables.size(); ++t)
            tables[t].title =
                say(whatif.original->language(), Msg::whatif_changed_title, arg("title", tables[t].title));
    if (!ids.empty())
        std::erase_if(tables,
                      [&](const Table& table) { return std::find(ids.begin(), ids.end(), table.id) == ids.end(); });
    if (tables.empty()) throw std::invalid_argument("the tables asked for are made only with changes to the evidence");
    return tables;
}

Uncertainty Assessment::uncertainty(const Ranking& nominal, const UncertaintyOptions& options) const {
    return analyse_uncertainty(result(), nominal, options);
}

CompositeOutcome Assessment::composite(std::optional<RankMethod> method, std::optional<int> precision,
                                       std::optional<double> collinear) const {
    if (precision && *precision != full_precision && (*precision < 0 || *precision > max_composite_precision))
        throw std::invalid_argument(
            fmt::format("precision {}: 0 to {} decimals, or full", *precision, max_composite_precision));
    if (collinear && !(*collinear > 0 && *collinear <= 1))
        throw std::invalid_argument(fmt::format("collinearity threshold {}: above 0 and at most 1", *collinear));
    State& state = *state_;
    std::filesystem::path file = state.sources.ahp;
    if (file.empty())
        if (const CompositePolicy* policy = rubric().composite(); policy && !policy->ahp.empty()) {
            file = policy->ahp;
            if (file.is_relative()) file = state.sources.rubric.parent_path() / file;
        }
    std::optional<AhpJudgements> judgements;
    if (!file.empty()) {
        judgements.emplace(load_ahp(file));
        const std::lock_guard lock(state.ahp_mutex);
        state.ahp_read = file;
    }
    CompositeOutcome out;
    out.index =
        shifan::composite(framework(), rubric(), round(), judgements ? &*judgements : nullptr, state.composite_values);
    out.precision = precision.value_or(rubric().precision());
    out.collinear =
        collinear.value_or(rubric().composite() ? rubric().composite()->collinear : CompositePolicy{}.collinear);
    out.rows = rank_composite(out.index, round(), rubric(), method, out.precision);
    return out;
}

Audit Assessment::audit(std::string command, GivenOptions options) const {
    State& state = *state_;
    std::vector<AuditInput> inputs;
    {
        const std::lock_guard lock(state.digests_mutex);
        if (!state.digested) state.digested = state.digests ? state.digests->get() : digest(state.sources);
        inputs = *state.digested;
    }
    {
        const std::lock_guard lock(state.ahp_mutex);
        if (!state.ahp_read.empty()) {
            const std::vector<AuditInput> ahp = audit_inputs("ahp", state.ahp_read.string());
            inputs.insert(inputs.end(), ahp.begin(), ahp.end());
        }
    }
    return {version,
            std::move(command),
            std::string(language_code(language())),
            std::move(options),
            framework().id(),
            rubric().id(),
            round().id(),
            std::move(inputs)};
}

Document Assessment::document(std::string command, std::vector<Table> tables, bool lone_table) const {
    Document out;
    out.tables = std::move(tables);
    out.heading = report_heading(round(), framework(), rubric());
    out.subject = std::move(command);
    out.json_header = report_header(round(), framework(), rubric());
    out.lone_table = lone_table;
    out.language = language();
    return out;
}

const std::vector<std::string>& composite_table_ids() {
    static const std::vector<std::string> ids{"composite",
                                              "composite_weights",
                                              "composite_notes",
                                              "composite_raw",
                                              "composite_treated",
                                              "composite_normalised",
                                              "composite_nodes",
                                              "composite_availability",
                                              "composite_statistics",
                                              "composite_correlations",
                                              "composite_pairs",
                                              "composite_alpha"};
    return ids;
}

Document Assessment::composite_document(const CompositeOutcome& outcome, const std::vector<std::string>& ids) const {
    const std::vector<std::string>& all = composite_table_ids();
    for (const std::string& id : ids)
        if (std::find(all.begin(), all.end(), id) == all.end())
            throw std::invalid_argument(fmt::format("unknown table '{}' (tables: {})", id, fmt::join(all, ", ")));
    const auto wanted = [&](const std::string& id) {
        return ids.empty() ? id == all[0] || id == all[1] || id == all[2]
                           : std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    const CompositeResult& index = outcome.index;
    const Language words = language();
    Document out;
    std::optional<std::vector<Table>> diagnostics; // the four tables of the diagnostics, made once
    for (const std::string& id : all) {
        if (!wanted(id)) continue;
        if (const auto it = std::find(all.begin() + 8, all.end(), id); it != all.end()) {
            if (!diagnostics)
                diagnostics = composite_diagnostics_tables(composite_diagnostics(framework(), index, outcome.collinear),
                                                           framework(), outcome.precision, words);
            out.tables.push_back((*diagnostics)[static_cast<std::size_t>(it - (all.begin() + 8))]);
            continue;
        }
        if (id == "composite")
            out.tables.push_back(
                composite_ranking_table(index, outcome.rows, framework(), rubric(), round(), words, outcome.precision));
        else if (id == "composite_weights")
            out.tables.push_back(composite_weights_table(index, framework(), words, outcome.precision));
        else if (id == "composite_notes")
            out.tables.push_back(composite_notes_table(index, framework(), round(), words));
        else if (id == "composite_raw" || id == "composite_treated" || id == "composite_normalised")
            out.tables.push_back(composite_leaves_table(index,
                                                        id == "composite_raw"       ? CompositeLeafValues::raw
                                                        : id == "composite_treated" ? CompositeLeafValues::treated
                                                                                    : CompositeLeafValues::normalised,
                                                        framework(), round(), outcome.precision, words));
        else if (id == "composite_nodes")
            out.tables.push_back(
                composite_nodes_table(index, outcome.rows, framework(), round(), outcome.precision, words));
        else
            out.tables.push_back(composite_availability_table(index, framework(), round(), words));
    }
    out.heading = report_heading(round(), framework(), rubric());
    out.subject = "composite";
    out.language = words;
    out.json_header = {{"round", round().id()}, {"indicators", framework().id()}, {"rubric", rubric().id()}};
    return out;
}

Validation validate(const Sources& sources) {
    Validation out;
    out.sources = sources;
    out.framework = load_framework(sources.indicators);
    if (sources.rubric.empty()) return out;
    out.rubric.emplace(load_rubric(sources.rubric, out.framework));
    if (sources.evidence.empty()) return out;
    out.round.emplace(in_rubric_language(
        *out.rubric, [&] { return load_round_checked(sources.evidence, out.framework, *out.rubric); }));
    out.conversions = out.round->conversions();
    if (out.rubric->gives_points()) {
        EvidenceCheck checked =
            in_rubric_language(*out.rubric, [&] { return check_evidence(out.framework, *out.rubric, *out.round); });
        out.conversions.merge(checked.conversions);
        out.warnings = std::move(checked.warnings);
    }
    if (!out.rubric->gives_points()) {
        // The index as `composite` computes it, weighted by the AHP file the rubric names.
        auto state = std::make_shared<Assessment::State>();
        state->sources.rubric = sources.rubric;
        state->inputs = std::make_shared<const Inputs>(Inputs{std::make_shared<const Framework>(out.framework),
                                                              std::make_shared<const Rubric>(*out.rubric),
                                                              std::make_shared<const Round>(*out.round)});
        const CompositeOutcome composite = Assessment(std::move(state)).composite();
        out.composite_values = static_cast<std::size_t>(composite.index.raw().size());
        for (Eigen::Index i = 0; i < composite.index.raw().size(); ++i)
            out.composite_present += std::isnan(composite.index.raw().data()[i]) ? 0 : 1;
        return out;
    }
    const Result result =
        in_rubric_language(*out.rubric, [&] { return score(out.framework, *out.rubric, *out.round); });
    if (const std::string broken = check_invariants(result); !broken.empty())
        throw std::logic_error("scoring invariant violated: " + broken);
    out.coverage = coverage(out.framework, *out.rubric, *out.round);
    return out;
}

} // namespace shifan
