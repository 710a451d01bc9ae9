// shifan: scoring demonstration-site assessments. One include for the whole public API.
//
//   auto framework = shifan::load_framework("indicators/hunan-2021-2025.json");
//   auto rubric = shifan::load_rubric("rubrics/hunan-2021-2025.json", framework);
//   auto round = shifan::load_round("examples/lanshan-2025/evidence.json", framework);
//   auto result = shifan::score(framework, rubric, round);
//   auto ranking = shifan::rank(result);
#pragma once

#include "shifan/ahp_file.hpp"
#include "shifan/audit.hpp"
#include "shifan/composite.hpp"
#include "shifan/composite_policy.hpp"
#include "shifan/composite_score.hpp"
#include "shifan/coverage.hpp"
#include "shifan/error.hpp"
#include "shifan/evidence.hpp"
#include "shifan/framework.hpp"
#include "shifan/ledger.hpp"
#include "shifan/numbers.hpp"
#include "shifan/output.hpp"
#include "shifan/rank.hpp"
#include "shifan/report.hpp"
#include "shifan/report_tables.hpp"
#include "shifan/responsibility.hpp"
#include "shifan/result.hpp"
#include "shifan/rubric.hpp"
#include "shifan/rules.hpp"
#include "shifan/score.hpp"
#include "shifan/shortlist.hpp"
#include "shifan/statistics.hpp"
#include "shifan/table.hpp"
#include "shifan/text.hpp"
#include "shifan/verify.hpp"
#include "shifan/version.hpp"
#include "shifan/weak_spots.hpp"
#include "shifan/weights.hpp"
#include "shifan/whatif.hpp"
#include "shifan/xlsx.hpp"
