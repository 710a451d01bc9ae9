// Synthetic rounds (declared in synthetic.hpp): the plan from the seed (synthetic/plan), the
// indicator system and rubric as JSON (synthetic/system), then the evidence unit by unit
// (synthetic/evidence) into strings or streamed into files.
#include "shifan/infra/synthetic.hpp"

#include "shifan/infra/output.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "infra/synthetic/evidence.hpp"
#include "infra/synthetic/plan.hpp"

#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace shifan {

using namespace detail::synthetic;

void check_synthetic_options(const SyntheticOptions& options) {
    if (options.units < synthetic_min_units || options.units > synthetic_max_units)
        throw std::invalid_argument(fmt::format("the number of units must be between {} and {}, found {}",
                                                synthetic_min_units, synthetic_max_units, options.units));
    if (options.leaves < synthetic_min_leaves || options.leaves > synthetic_max_leaves)
        throw std::invalid_argument(
            fmt::format("the number of indicators (leaves) must be between {} and {}, found {} (the tree has 8-10 "
                        "first-level and 32-36 second-level indicators, and every leaf at least 2 of 1000 points)",
                        synthetic_min_leaves, synthetic_max_leaves, options.leaves));
}

SyntheticRound generate_synthetic_round(const SyntheticOptions& options) {
    check_synthetic_options(options);
    const Plan plan = make_plan(options);
    SyntheticRound round;
    round.indicators = indicators_json(plan);
    round.rubric = rubric_json(plan);
    Tables out;
    generate_evidence(plan, [&out](Tables& piece) {
        for (std::size_t t = 0; t < table_count; ++t)
            out[t] += piece[t];
    });
    round.evidence = std::move(out[evidence_json]);
    for (std::size_t t = units_csv; t < table_count; ++t)
        round.csv.emplace_back(table_names[t], std::move(out[t]));
    return round;
}

std::vector<std::filesystem::path> synthetic_round_files() {
    std::vector<std::filesystem::path> files{"indicators.json", "rubric.json", "evidence.json"};
    for (std::size_t t = units_csv; t < table_count; ++t)
        files.push_back(std::filesystem::path("csv") / table_names[t]);
    return files;
}

void write_synthetic_round(const SyntheticOptions& options, const std::filesystem::path& dir) {
    check_synthetic_options(options);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir / "csv", ec);
    if (ec)
        throw OutputError(both(Msg::err_out_cannot_create_directory, arg("dir", (dir / "csv").string()),
                               arg("reason", detail::system_reason(ec, detail::Access::write))));
    const Plan plan = make_plan(options);
    std::vector<fs::path> targets;
    for (const fs::path& f : synthetic_round_files())
        targets.push_back(dir / f);
    OutputBatch batch;
    std::vector<OutputSink*> files;
    for (const fs::path& target : targets)
        files.push_back(&batch.open(target));
    files[0]->write(indicators_json(plan));
    files[1]->write(rubric_json(plan));
    generate_evidence(plan, [&files](Tables& piece) {
        for (std::size_t t = 0; t < table_count; ++t)
            files[2 + t]->write(piece[t]);
    });
    batch.commit();
}

} // namespace shifan
