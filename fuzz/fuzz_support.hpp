// What the fuzz targets share: the fixed inputs they load at start-up, and scoring a round that
// loaded, so that whatever a loader accepts is also scored, ranked and written.
//
// A loader given any bytes either succeeds or throws shifan::InputError. Any other exception
// escapes the target, and libFuzzer reports it as a crash, like a sanitizer report, a timeout or
// memory beyond the limit.
#pragma once

#include "shifan/shifan.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace shifan::fuzz {

/// Files of the source tree (the small system of the tests, the examples).
inline std::filesystem::path source_file(std::string_view relative) {
    return std::filesystem::path(SHIFAN_SOURCE_DIR) / relative;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Checks, scores, ranks and writes a round that loaded, as the command does: a loader must not
/// hand on anything that breaks them. The evidence check (field domains, spreadsheet spellings)
/// and scoring may still refuse evidence (InputError); neither may break the invariants.
inline void score_round(const Framework& framework, const Rubric& rubric, const Round& loaded) {
    if (!rubric.gives_points()) return;
    Round round = loaded;
    (void)check_evidence(framework, rubric, round);
    const Result result = score(framework, rubric, round);
    if (const std::string broken = check_invariants(result); !broken.empty())
        throw std::logic_error("scoring invariant violated: " + broken);
    const Ranking ranking = rank(result);
    (void)ranking_table(ranking, result);
    (void)result_json(ranking, result);
    for (UnitIndex u = 0; u < round.unit_count(); ++u)
        (void)explain_unit(ranking, result, u);
    (void)coverage(framework, rubric, round);
}

} // namespace shifan::fuzz
