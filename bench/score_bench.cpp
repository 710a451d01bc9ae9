// Benchmarks at national scale, on synthetic rounds of 300, 3,200, 32,000 and 100,000 units × 125
// indicators (bench/rounds.hpp). Each stage has its own figure: loading (MB/s, JSON and CSV),
// scoring, aggregation, ranking with groups and grades, report writing, and the whole `shifan
// score` process with its peak memory. Targets on a 2-core machine (docs/performance.md):
// score + aggregate + rank of 3,200 units within 10 ms; the 3,200-unit process within 300 ms;
// the 100,000-unit process within 10 s and 2 GiB; ingest at 100 MB/s or more.
//
// The 32,000 and 100,000-unit rounds take minutes to generate and load; run them on purpose:
//   shifan_bench --benchmark_filter='/(300|3200)(/|$)'     the quick sizes
//   shifan_bench --benchmark_filter='Process'               the whole process at every size
#include "rounds.hpp"

#include "shifan/report/html.hpp"
#include "shifan/report/report.hpp"
#include "shifan/report/result_json.hpp"
#include "shifan/report/tables.hpp"
#include "shifan/report/xlsx.hpp"

#include <cmath>
#include <cstdlib>

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace {

using shifan::bench::input_bytes;
using shifan::bench::loaded_round;
using shifan::bench::round_directory;

void all_sizes(benchmark::internal::Benchmark* b) {
    for (const int units : {300, 3200, 32000, 100000})
        b->Arg(units);
    b->Unit(benchmark::kMillisecond);
}

void per_unit(benchmark::State& state) {
    state.counters["units"] = static_cast<double>(state.range(0));
    state.counters["per unit"] =
        benchmark::Counter(static_cast<double>(state.range(0)),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// The indicator system and the rubric (125 leaves, every rule type).
void BM_LoadSystemAndRubric(benchmark::State& state) {
    const auto dir = round_directory(300);
    for (auto _ : state) {
        const shifan::Framework framework = shifan::load_framework(dir / "indicators.json");
        const shifan::Rubric rubric = shifan::load_rubric(dir / "rubric.json", framework);
        benchmark::DoNotOptimize(rubric.node_count());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(
        state.iterations() * (input_bytes(dir / "indicators.json") + input_bytes(dir / "rubric.json"))));
}
BENCHMARK(BM_LoadSystemAndRubric)->Unit(benchmark::kMicrosecond);

/// Loads `source` (a JSON file or a directory of CSV tables) of the round with range(0) units.
void time_loading(benchmark::State& state, const std::filesystem::path& source) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const shifan::Framework framework = shifan::load_framework(round_directory(units) / "indicators.json");
    for (auto _ : state) {
        const shifan::Round round = shifan::load_round(source, framework);
        benchmark::DoNotOptimize(round.entries().data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input_bytes(source)));
    per_unit(state);
}

std::uint32_t units_of(const benchmark::State& state) { return static_cast<std::uint32_t>(state.range(0)); }

/// Evidence ingest: the JSON file, or the directory of CSV tables (the same evidence), or the same
/// with its fields as one wide table (one row per unit, as counties report it).
void BM_LoadEvidenceJson(benchmark::State& state) {
    time_loading(state, round_directory(units_of(state)) / "evidence.json");
}
void BM_LoadEvidenceCsv(benchmark::State& state) { time_loading(state, round_directory(units_of(state)) / "csv"); }
void BM_LoadEvidenceWide(benchmark::State& state) {
    time_loading(state, shifan::bench::wide_round_directory(units_of(state)));
}
// In real time: the loaders read and parse on a second thread, which the CPU time of this one leaves
// out, and its waiting for that thread is time the user waits too.
BENCHMARK(BM_LoadEvidenceJson)->Apply(all_sizes)->UseRealTime();
BENCHMARK(BM_LoadEvidenceCsv)->Apply(all_sizes)->UseRealTime();
BENCHMARK(BM_LoadEvidenceWide)->Apply(all_sizes)->UseRealTime();

/// A round of fields only (one value per unit and field, as composite-index data is kept): the
/// wide table against the same values in JSON.
void BM_LoadFieldsJson(benchmark::State& state) {
    time_loading(state, shifan::bench::fields_only_directory(units_of(state)) / "fields.json");
}
void BM_LoadFieldsWide(benchmark::State& state) {
    time_loading(state, shifan::bench::fields_only_directory(units_of(state)) / "wide");
}
BENCHMARK(BM_LoadFieldsJson)->Apply(all_sizes)->UseRealTime();
BENCHMARK(BM_LoadFieldsWide)->Apply(all_sizes)->UseRealTime();

/// The rubric of a composite index over a synthetic round: each leaf's first numeric field min-max
/// normalised by the direction of its rule, weighted arithmetic means up the tree (missing values
/// renormalised). A leaf without a numeric rule reads the first leaf's field (the composite index
/// refuses a field that is in no unit's evidence).
shifan::Rubric synthetic_index_rubric(const shifan::Framework& framework, const shifan::Rubric& scoring) {
    std::string fields, directions, first_field;
    for (const shifan::NodeIndex leaf : framework.leaves()) {
        for (const shifan::Rule& rule : scoring.rules(leaf)) {
            const auto names = rule.fields();
            if (names.empty() || !(std::holds_alternative<shifan::TiersRule>(rule.spec) ||
                                   std::holds_alternative<shifan::ProportionalRule>(rule.spec)))
                continue;
            const std::string& code = framework[leaf].code;
            fields += fmt::format("{}\"{}\": \"{}\"", fields.empty() ? "" : ", ", code, names.front());
            if (first_field.empty()) first_field = names.front();
            const auto* proportional = std::get_if<shifan::ProportionalRule>(&rule.spec);
            const auto* tiers = std::get_if<shifan::TiersRule>(&rule.spec);
            const bool lower = (proportional && proportional->direction == shifan::Direction::lower) ||
                               (tiers && tiers->direction == shifan::Direction::lower);
            if (lower) directions += fmt::format("{}\"{}\": \"lower\"", directions.empty() ? "" : ", ", code);
            break;
        }
    }
    return shifan::Rubric::parse_json(
        fmt::format(R"({{"id": "synthetic-index", "indicators": "{}", "composite": {{"field": "{}",
                        "fields": {{{}}}, "directions": {{{}}}, "aggregate": {{"missing": "renormalise"}}}}}})",
                    framework.id(), first_field, fields, directions),
        framework, "synthetic-index");
}

/// The round of fields only as a wide table, read for the values of a composite index
/// (load_round_values, synthetic_index_rubric's fields): straight from the table into the matrix,
/// against BM_LoadFieldsWide's round of entries.
void BM_LoadCompositeValuesWide(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const std::filesystem::path source = shifan::bench::fields_only_directory(units) / "wide";
    const shifan::Framework framework = shifan::load_framework(round_directory(units) / "indicators.json");
    const shifan::Rubric scoring = shifan::load_rubric(round_directory(units) / "rubric.json", framework);
    const shifan::Rubric rubric = synthetic_index_rubric(framework, scoring);
    const std::vector<std::string> fields = rubric.composite()->leaf_fields(framework);
    for (auto _ : state) {
        const shifan::RoundValues read = shifan::load_round_values(source, framework, &rubric, fields);
        if (!read.values) {
            state.SkipWithError("the values were not read from the wide table directly");
            break;
        }
        benchmark::DoNotOptimize(read.values->data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input_bytes(source)));
    per_unit(state);
}
BENCHMARK(BM_LoadCompositeValuesWide)->Apply(all_sizes)->UseRealTime();

/// Leaf scoring, aggregation, unit-level rules and the ledger, on 1 and 2 threads.
void BM_Score(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::ScoreOptions options{static_cast<unsigned>(state.range(1))};
    for (auto _ : state) {
        const shifan::Result result = shifan::score(r.framework, r.rubric, r.round, options);
        benchmark::DoNotOptimize(result.ledger().data());
    }
    state.SetLabel(fmt::format("{} thread{}", options.threads, options.threads == 1 ? "" : "s"));
    per_unit(state);
}
BENCHMARK(BM_Score)->ArgsProduct({{300, 3200, 32000, 100000}, {1, 2}})->Unit(benchmark::kMillisecond);

/// Totals up the tree (branch sums and loss caps) from scored leaves.
void BM_Aggregate(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
    Eigen::MatrixXd earned = result.earned(); // aggregation rewrites only the branch columns
    std::vector<shifan::LedgerEntry> lines;
    for (auto _ : state) {
        lines.clear();
        shifan::aggregate(r.framework, r.rubric, earned, lines);
        benchmark::DoNotOptimize(earned.data());
    }
    per_unit(state);
}
BENCHMARK(BM_Aggregate)->Apply(all_sizes);

/// Ranks overall and within the rubric's group (level), first-level ranks, grades with a quota.
void BM_Rank(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
    for (auto _ : state) {
        const shifan::Ranking ranking = shifan::rank(result);
        benchmark::DoNotOptimize(ranking.rows.data());
    }
    per_unit(state);
}
BENCHMARK(BM_Rank)->Apply(all_sizes);

/// The in-process target: score, aggregate and rank (threads chosen by the size of the round).
void BM_ScoreAggregateRank(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    for (auto _ : state) {
        const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
        const shifan::Ranking ranking = shifan::rank(result);
        benchmark::DoNotOptimize(ranking.rows.data());
    }
    per_unit(state);
}
BENCHMARK(BM_ScoreAggregateRank)->Apply(all_sizes);

/// Counts what it is given, so that writing is measured without a file system.
class CountingSink : public shifan::OutputSink {
public:
    void write(std::string_view text) override { bytes += text.size(); }
    std::size_t bytes = 0;
};

/// The outputs of `shifan score`: the ranking CSV and the result JSON (every ledger line as a
/// record), written to a sink that only counts.
void BM_WriteScoreOutputs(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
    const shifan::Ranking ranking = shifan::rank(result);
    std::size_t bytes = 0;
    for (auto _ : state) {
        CountingSink sink;
        sink.write(shifan::ranking_csv(ranking, result));
        shifan::write_result_json(sink, ranking, result);
        bytes = sink.bytes;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["ledger lines"] = static_cast<double>(result.ledger().size());
    per_unit(state);
}
BENCHMARK(BM_WriteScoreOutputs)->Apply(all_sizes);

/// What `shifan score` prints by default: the ranking as a table for the terminal, its columns
/// aligned by display width (Chinese names take two columns a character).
void BM_RankingTable(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
    const shifan::Ranking ranking = shifan::rank(result);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = shifan::ranking_table(ranking, result);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    per_unit(state);
}
BENCHMARK(BM_RankingTable)->Arg(3200)->Arg(32000)->Unit(benchmark::kMillisecond);

/// Runs the command `argv` (after /usr/bin/time) once per iteration, its stdout to /dev/null; the
/// peak memory GNU time reports, as the counter "peak MiB". The benchmark's own resource usage would
/// count this process's memory too, since a child's high-water mark survives exec.
void time_process(benchmark::State& state, std::vector<std::string> command, const std::string& what) {
    const auto peak_file = std::filesystem::temp_directory_path() / fmt::format("shifan-bench-peak-{}", ::getpid());
    std::vector<std::string> words{"/usr/bin/time", "-f", "%M", "-o", peak_file.string(), SHIFAN_CLI_PATH};
    words.insert(words.end(), command.begin(), command.end());
    std::vector<char*> argv;
    for (std::string& word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    long peak_kb = 0;
    for (auto _ : state) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        const int started = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (started != 0) {
            state.SkipWithError("cannot start /usr/bin/time (Debian package time)");
            break;
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            state.SkipWithError((what + " failed").c_str());
            break;
        }
        long kb = 0;
        std::ifstream(peak_file) >> kb;
        peak_kb = std::max(peak_kb, kb);
    }
    std::filesystem::remove(peak_file);
    state.counters["peak MiB"] = static_cast<double>(peak_kb) / 1024.0;
}

/// The whole `shifan score` run as a process: load the three files, score, rank, write
/// ranking.csv and result.json (synced to disk), with its peak memory.
void BM_Process(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const auto dir = round_directory(units);
    const auto out = std::filesystem::temp_directory_path() / fmt::format("shifan-bench-out-{}", units);
    const std::string evidence = (dir / "evidence.json").string();
    time_process(state,
                 {"score", "-i", (dir / "indicators.json").string(), "-r", (dir / "rubric.json").string(), "-e",
                  evidence, "--out", out.string(), "--format", "csv"},
                 "shifan score");
    std::filesystem::remove_all(out);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input_bytes(evidence)));
    per_unit(state);
}
BENCHMARK(BM_Process)->Apply(all_sizes)->UseRealTime();

/// Every report table (ranking, shortlist, statistics, weak spots, departments, rectification
/// list, indicator scores, every lost point) of a scored and ranked 3,200-unit round.
void BM_ReportTables(benchmark::State& state) {
    const auto& r = loaded_round(3200);
    const auto result = shifan::score(r.framework, r.rubric, r.round);
    const auto ranking = shifan::rank(result);
    shifan::ReportOptions options = shifan::ReportOptions::from(r.rubric);
    if (state.range(0) == 0) // the summary tables only: no per-line listings
        options.tables = {"ranking",           "shortlist",        "statistics", "score_bands",
                          "first_level_rates", "indicator_losses", "departments"};
    std::size_t rows = 0;
    for (auto _ : state) {
        const auto tables = shifan::report_tables(ranking, result, options);
        rows = 0;
        for (const auto& table : tables)
            rows += table.rows.size();
        benchmark::DoNotOptimize(rows);
    }
    state.counters["rows"] = static_cast<double>(rows);
    state.SetLabel(state.range(0) ? "all tables" : "summary tables");
}
BENCHMARK(BM_ReportTables)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

/// Rendering the whole report of a 3,200-unit round: CSV (every table), Markdown, and an XLSX
/// workbook written to disk.
void BM_ReportWrite(benchmark::State& state) {
    const auto& r = loaded_round(3200);
    const auto result = shifan::score(r.framework, r.rubric, r.round);
    const auto ranking = shifan::rank(result);
    const auto tables = shifan::report_tables(ranking, result, shifan::ReportOptions::from(r.rubric));
    const auto file = std::filesystem::temp_directory_path() / "shifan-bench-report.xlsx";
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        if (state.range(0) == 0)
            for (const auto& table : tables)
                bytes += shifan::table_csv(table).size();
        else if (state.range(0) == 1)
            bytes = shifan::report_markdown(tables, result).size();
        else {
            shifan::write_xlsx(file, tables);
            bytes = std::filesystem::file_size(file);
        }
        benchmark::DoNotOptimize(bytes);
    }
    std::filesystem::remove(file);
    static constexpr const char* formats[] = {"csv", "markdown", "xlsx"};
    state.SetLabel(formats[state.range(0)]);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ReportWrite)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// The report as one HTML page of a 3,200-unit round: the tables a page of that size holds (the
/// round's; the unit-by-unit ones are left out), the key figures and charts, and the page itself.
void BM_ReportPage(benchmark::State& state) {
    const auto& r = loaded_round(3200);
    const auto result = shifan::score(r.framework, r.rubric, r.round);
    const auto ranking = shifan::rank(result);
    shifan::ReportOptions options = shifan::ReportOptions::from(r.rubric);
    options.tables = shifan::page_table_ids(result.unit_count());
    std::size_t bytes = 0;
    for (auto _ : state) {
        shifan::Document document;
        document.tables = shifan::report_tables(ranking, result, options);
        shifan::add_report_drawing(document, ranking, result, options);
        bytes = shifan::document_html(document, nullptr).size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["MB"] = static_cast<double>(bytes) / 1e6;
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ReportPage)->Unit(benchmark::kMillisecond);

/// `shifan report --format html --out FILE` on a 3,200-unit round as a process: loading, scoring,
/// the page, writing it.
void BM_ReportPageProcess(benchmark::State& state) {
    const auto dir = round_directory(3200);
    const auto out = std::filesystem::temp_directory_path() / "shifan-bench-report.html";
    time_process(state,
                 {"report", "-i", (dir / "indicators.json").string(), "-r", (dir / "rubric.json").string(), "-e",
                  (dir / "evidence.json").string(), "--format", "html", "--out", out.string()},
                 "shifan report --format html");
    if (std::filesystem::exists(out)) state.counters["MB"] = static_cast<double>(std::filesystem::file_size(out)) / 1e6;
    std::filesystem::remove(out);
}
BENCHMARK(BM_ReportPageProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Comparing two rounds of 3,200 units (shifan compare): the later round is the same round with each
/// unit given the scores of the unit ranked opposite it, so that every rank, rate and loss changes.
/// Arg 0: the comparison and all its tables; 1: reading a result.json back (MB/s); 2: the comparison
/// alone.
void BM_CompareRounds(benchmark::State& state) {
    const auto& r = loaded_round(3200);
    const auto result = shifan::score(r.framework, r.rubric, r.round);
    const auto ranking = shifan::rank(result);
    if (state.range(0) == 1) {
        const std::string text = shifan::result_json(ranking, result, shifan::Language::zh);
        for (auto _ : state)
            benchmark::DoNotOptimize(shifan::parse_round_outcome(text, "result.json", "2024").units.size());
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
        return;
    }
    const shifan::RoundOutcome earlier = shifan::round_outcome(ranking, result, "2024");
    shifan::RoundOutcome later = earlier;
    later.label = "2025";
    later.round_id += "-later";
    for (std::size_t u = 0; u < later.units.size(); ++u) {
        const shifan::OutcomeUnit& opposite = earlier.units[earlier.units.size() - 1 - u];
        later.units[u].scores = opposite.scores;
        later.units[u].total = opposite.total;
        later.units[u].score_rate = opposite.score_rate;
    }
    later.index();
    std::size_t rows = 0;
    for (auto _ : state) {
        const shifan::Comparison comparison = shifan::compare_rounds({earlier, later}, {});
        rows = comparison.follow_ups.size();
        if (state.range(0) == 0)
            for (const shifan::Table& table : shifan::comparison_tables(comparison, shifan::Language::zh))
                rows += table.rows.size();
        benchmark::DoNotOptimize(rows);
    }
    state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_CompareRounds)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// `shifan compare 2024=A 2025=B --format csv --out DIR` as a process on two 3,200-unit result.json
/// files (108 MB each): reading both, the comparison, every table.
void BM_CompareProcess(benchmark::State& state) {
    const auto& r = loaded_round(3200);
    const auto result = shifan::score(r.framework, r.rubric, r.round);
    const std::string text = shifan::result_json(shifan::rank(result), result, shifan::Language::zh);
    const auto dir = std::filesystem::temp_directory_path() / "shifan-bench-compare";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.json", std::ios::binary) << text;
    // The later round: the same figures under another round id (a round is never compared with itself).
    std::string later = text;
    const std::string id = "\"id\": \"" + r.round.id() + "\"";
    later.replace(later.find(id), id.size(), "\"id\": \"" + r.round.id() + "-later\"");
    std::ofstream(dir / "b.json", std::ios::binary) << later;
    time_process(state,
                 {"compare", "2024=" + (dir / "a.json").string(), "2025=" + (dir / "b.json").string(), "--format",
                  "csv", "--out", (dir / "out").string()},
                 "shifan compare");
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CompareProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

/// A composite index over a synthetic round (synthetic_index_rubric), the index ranked.
void BM_CompositeIndex(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Rubric rubric = synthetic_index_rubric(r.framework, r.rubric);
    for (auto _ : state) {
        const auto index = shifan::composite(r.framework, rubric, r.round);
        const auto rows = shifan::rank_composite(index, r.round, rubric);
        benchmark::DoNotOptimize(rows.data());
    }
    per_unit(state);
}
BENCHMARK(BM_CompositeIndex)->Arg(300)->Arg(3200)->Unit(benchmark::kMillisecond);

/// AHP on a 15 × 15 matrix (the largest Saaty's table covers): eigenvector, λmax, CI, CR.
void BM_Ahp15(benchmark::State& state) {
    Eigen::MatrixXd m(15, 15);
    for (int i = 0; i < 15; ++i)
        for (int j = 0; j < 15; ++j)
            m(i, j) = std::pow(1.15, i - j); // consistent, entries within 1/9 .. 9
    for (auto _ : state) {
        const auto result = shifan::ahp(m);
        benchmark::DoNotOptimize(result.cr);
    }
}
BENCHMARK(BM_Ahp15)->Unit(benchmark::kMicrosecond);

} // namespace

/// Issue targets: 1,000 replications of the 3,200-unit round and 10,000 of the 300-unit round, each
/// in at most 3 s. Arguments: units, replications, what varies (0: first-level weights ±20%;
/// 1: also second-level weights (Dirichlet, κ = 100), both aggregations and the expert panels
/// re-drawn), threads (0: one per hardware thread). Scoring is done once, outside the timing.
void BM_Uncertainty(benchmark::State& state) {
    const auto& r = loaded_round(static_cast<std::uint32_t>(state.range(0)));
    const shifan::Result result = shifan::score(r.framework, r.rubric, r.round);
    const shifan::Ranking ranking = shifan::rank(result);
    shifan::UncertaintyOptions options;
    options.replications = static_cast<std::size_t>(state.range(1));
    options.weights = {{1, shifan::WeightNoise::uniform, 0.2}};
    if (state.range(2) == 1) {
        options.weights.push_back({2, shifan::WeightNoise::dirichlet, 100});
        options.aggregations = {shifan::Aggregation::arithmetic, shifan::Aggregation::geometric};
        options.rating_noise = true;
    }
    options.threads = static_cast<unsigned>(state.range(3));
    for (auto _ : state) {
        const shifan::Uncertainty analysis = shifan::analyse_uncertainty(result, ranking, options);
        benchmark::DoNotOptimize(analysis.units.data());
    }
    state.counters["replications/s"] =
        benchmark::Counter(static_cast<double>(options.replications), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Uncertainty)
    ->Args({3200, 1000, 0, 0})
    ->Args({3200, 1000, 1, 0})
    ->Args({300, 10000, 0, 0})
    ->Args({300, 10000, 1, 0})
    ->Args({3200, 1000, 0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
