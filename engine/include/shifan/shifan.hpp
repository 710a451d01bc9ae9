// shifan: scoring demonstration-site assessments. One include for the whole public API.
//
//   auto framework = shifan::load_framework("indicators/hunan-2021-2025.json");
//   auto rubric = shifan::load_rubric("rubrics/hunan-2021-2025.json", framework);
//   auto round = shifan::load_round("examples/lanshan-2025/evidence.json", framework);
//   auto result = shifan::score(framework, rubric, round);
//   auto ranking = shifan::rank(result);
#pragma once

#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/analyse/composite_round.hpp"
#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/statistics.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/analyse/weights.hpp"
#include "shifan/analyse/whatif.hpp"
#include "shifan/infra/audit.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/infra/verify.hpp"
#include "shifan/load/ahp_file.hpp"
#include "shifan/load/coverage.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/report/report.hpp"
#include "shifan/report/results.hpp"
#include "shifan/report/table.hpp"
#include "shifan/report/text.hpp"
#include "shifan/report/xlsx.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"
#include "shifan/score/score.hpp"
#include "shifan/version.hpp"
