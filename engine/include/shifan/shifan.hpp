// shifan: scoring demonstration-site assessments. One include for the whole public API; the folders
// follow the pipeline: load (inputs as data), score (rules, the tree, the ledger), adjust (bonuses,
// vetoes, deductions), rank (ranks, grades, the shortlist), analyse (statistics, weak spots,
// departments, what-if, uncertainty, weights, composite indices), report (the text layer, tables,
// writers) and infra (files, audit, threads). The front door is shifan::Assessment:
//
//   const auto assessment = shifan::Assessment::load({"indicators/hunan-2021-2025.json",
//                                                     "rubrics/hunan-2021-2025.json",
//                                                     "examples/lanshan-2025/evidence.json"});
//   const shifan::Ranking ranking = assessment.rank();
//   std::cout << shifan::ranking_table(ranking, assessment.result());
#pragma once

#include "shifan/assessment.hpp"
#include "shifan/version.hpp"

#include "shifan/load/ahp_file.hpp"
#include "shifan/load/conversions.hpp"
#include "shifan/load/coverage.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/evidence_check.hpp"
#include "shifan/load/field_domains.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/load/result_file.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/round_editor.hpp"
#include "shifan/load/round_mapping.hpp"
#include "shifan/load/round_values.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/load/rule_types.hpp"

#include "shifan/score/aggregate.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"
#include "shifan/score/score.hpp"

#include "shifan/adjust/unit_level.hpp"

#include "shifan/rank/grades.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/rank/shortlist.hpp"

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/ahp.hpp"
#include "shifan/analyse/apportion.hpp"
#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/composite_diagnostics.hpp"
#include "shifan/analyse/composite_index.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/analyse/distribution.hpp"
#include "shifan/analyse/evidence_changes.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/analyse/objective_weights.hpp"
#include "shifan/analyse/outliers.hpp"
#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/round_comparison.hpp"
#include "shifan/analyse/round_outcome.hpp"
#include "shifan/analyse/statistics.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/analyse/whatif.hpp"

#include "shifan/report/chart.hpp"
#include "shifan/report/charts.hpp"
#include "shifan/report/collection_template.hpp"
#include "shifan/report/comparison.hpp"
#include "shifan/report/explanation.hpp"
#include "shifan/report/html.hpp"
#include "shifan/report/markup.hpp"
#include "shifan/report/messages.hpp"
#include "shifan/report/notice.hpp"
#include "shifan/report/pdf.hpp"
#include "shifan/report/publish.hpp"
#include "shifan/report/report.hpp"
#include "shifan/report/result_json.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/summaries.hpp"
#include "shifan/report/svg.hpp"
#include "shifan/report/table.hpp"
#include "shifan/report/tables.hpp"
#include "shifan/report/text.hpp"
#include "shifan/report/xlsx.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/interrupt.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/infra/progress.hpp"
#include "shifan/infra/string_pool.hpp"
#include "shifan/infra/synthetic.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/infra/verify.hpp"
