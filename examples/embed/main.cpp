// Loads a round through the C++ API and prints its top three units.
//   top3 INDICATORS RUBRIC EVIDENCE
#include <shifan/shifan.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: top3 INDICATORS RUBRIC EVIDENCE\n";
        return 2;
    }
    try {
        const auto framework = shifan::load_framework(argv[1]);
        const auto rubric = shifan::load_rubric(argv[2], framework);
        const auto round = shifan::load_round(argv[3], framework);
        const auto result = shifan::score(framework, rubric, round);
        const auto ranking = shifan::rank(result);
        for (std::size_t i = 0; i < ranking.rows.size() && i < 3; ++i) {
            const auto& row = ranking.rows[i];
            const auto& unit = round.units()[row.unit];
            std::cout << row.rank << ". " << unit.id << " " << unit.name << " "
                      << shifan::format_fixed(row.published, ranking.precision) << "\n";
        }
    } catch (const shifan::InputError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
