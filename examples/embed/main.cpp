// A program that embeds shifan through its front door: it loads a round, prints its top three units
// and writes every table of the report as a workbook.
//   top3 INDICATORS RUBRIC EVIDENCE [REPORT.xlsx]
#include <shifan/shifan.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::cerr << "usage: top3 INDICATORS RUBRIC EVIDENCE [REPORT.xlsx]\n";
        return 2;
    }
    try {
        const auto assessment = shifan::Assessment::load({argv[1], argv[2], argv[3]});
        const shifan::Ranking ranking = assessment.rank();
        for (std::size_t i = 0; i < ranking.rows.size() && i < 3; ++i) {
            const shifan::RankedUnit& row = ranking.rows[i];
            const shifan::Unit& unit = assessment.round().units()[row.unit];
            std::cout << row.rank << ". " << unit.id << " " << unit.name << " "
                      << shifan::format_fixed(row.published, ranking.precision) << "\n";
        }
        if (argc == 5)
            shifan::publish(assessment.document("report", assessment.report(ranking)), {shifan::Format::xlsx, argv[4]},
                            nullptr, std::cout);
    } catch (const shifan::InputError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const shifan::OutputError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
