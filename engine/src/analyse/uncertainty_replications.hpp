// The replications of the uncertainty analysis: a block of them at a time, weights drawn, first-level
// scores as matrix products, totals, ranks and grades. Private to the engine.
#pragma once

#include "analyse/uncertainty_model.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace shifan::detail {

/// What every replication keeps: per unit, rank, grade and total (A sample), and per group the
/// mean absolute rank shift (every replication).
struct Outcomes {
    std::vector<std::uint32_t> ranks; ///< unit × N
    std::vector<std::uint8_t> grades; ///< unit × N
    std::vector<double> totals;       ///< unit × N
    std::vector<double> shifts;       ///< replication × group
};

/// Runs blocks of replications of a model; one per thread, reused from block to block (its scratch
/// space is sized once).
class Replicator {
public:
    explicit Replicator(const Model& model);
    ~Replicator();
    Replicator(const Replicator&) = delete;
    Replicator& operator=(const Replicator&) = delete;

    /// Replications [begin, begin + count) of the whole design, into their cells of `out`.
    void run_block(std::size_t begin, std::size_t count, Outcomes& out);

private:
    class Worker;
    std::unique_ptr<Worker> worker_;
};

} // namespace shifan::detail
