// The evidence of a synthetic round (declared in evidence.hpp): a writer per unit into the tables,
// slices of units generated on several threads while the previous batch is consumed.
#include "infra/synthetic/evidence.hpp"

#include "shifan/infra/threads.hpp"

#include <algorithm>

namespace shifan::detail::synthetic {
namespace {

struct Province {
    const char* name;
    const char* region;
};
constexpr std::array<Province, 31> provinces{
    {{"北京市", "东部"},       {"天津市", "东部"},         {"河北省", "东部"},         {"上海市", "东部"},
     {"江苏省", "东部"},       {"浙江省", "东部"},         {"福建省", "东部"},         {"山东省", "东部"},
     {"广东省", "东部"},       {"海南省", "东部"},         {"山西省", "中部"},         {"安徽省", "中部"},
     {"江西省", "中部"},       {"河南省", "中部"},         {"湖北省", "中部"},         {"湖南省", "中部"},
     {"内蒙古自治区", "西部"}, {"广西壮族自治区", "西部"}, {"重庆市", "西部"},         {"四川省", "西部"},
     {"贵州省", "西部"},       {"云南省", "西部"},         {"西藏自治区", "西部"},     {"陕西省", "西部"},
     {"甘肃省", "西部"},       {"青海省", "西部"},         {"宁夏回族自治区", "西部"}, {"新疆维吾尔自治区", "西部"},
     {"辽宁省", "东北"},       {"吉林省", "东北"},         {"黑龙江省", "东北"}}};
constexpr std::array<const char*, 30> name_first{"青", "云", "枫", "鹤", "岚", "杏", "柳", "梧", "雁", "澄",
                                                 "竹", "紫", "黛", "石", "沅", "清", "安", "平", "宁", "永",
                                                 "长", "新", "丰", "兴", "华", "临", "泰", "嘉", "昌", "瑞"};
constexpr std::array<const char*, 20> name_second{"溪", "台", "林", "鸣", "江", "湾", "塘", "冈", "坪", "湖",
                                                  "屿", "岫", "山", "阳", "源", "川", "城", "水", "丘", "州"};
constexpr std::array<const char*, 6> finding_notes{"文书要素不全", "程序不规范", "超期办理",
                                                   "台账缺失",     "公开不及时", "整改不到位"};
constexpr std::array<const char*, 3> finding_methods{"实地核验", "暗访", "案卷评查"};

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

/// A calendar date `days` after (negative: before) 2025-06-30 or 2025-09-30, as YYYY-MM-DD.
std::string date_from(int month, int day, int days) {
    static constexpr std::array<int, 13> length{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = 2025;
    day += days;
    while (day < 1) {
        if (--month == 0) month = 12, --year;
        day += length[static_cast<std::size_t>(month)];
    }
    while (day > length[static_cast<std::size_t>(month)]) {
        day -= length[static_cast<std::size_t>(month)];
        if (++month == 13) month = 1, ++year;
    }
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

/// Writes one unit's evidence into the tables.
class UnitWriter {
public:
    UnitWriter(const Plan& plan, std::array<std::string, table_count>& out) : plan_(plan), out_(out) {
        for (std::uint32_t l = 0; l < plan.leaves.size(); ++l)
            codes_.push_back(leaf_code(l));
    }

    void unit(std::uint32_t index) {
        Random random(plan_.options.seed * 0x9E3779B97F4A7C15ull + index + 1);
        random.next();
        id_ = fmt::format("U{:0{}}", index + 1, plan_.unit_digits);
        const Province& province = provinces[random.below(provinces.size())];
        const std::uint32_t level_draw = random.below(100);
        const char* level = level_draw < 12 ? "市" : level_draw < 40 ? "区" : "县";
        // One draw per statement: the order in which function arguments are evaluated is unspecified.
        const char* syllable = name_first[random.below(name_first.size())];
        const std::string name = fmt::format("{}{}{}", syllable, name_second[random.below(name_second.size())], level);
        // Quality: about 0.82 on average, standard deviation about 0.08, in [0.4, 1].
        double spread = random.uniform();
        spread += random.uniform();
        spread += random.uniform();
        quality_ = std::clamp(0.82 + 0.16 * (spread - 1.5), 0.4, 1.0);

        std::string& json = out_[evidence_json];
        append(json,
               "{}\n{{\"id\":\"{}\",\"name\":\"{}\",\"attributes\":{{\"level\":\"{}\",\"region\":\"{}\","
               "\"province\":\"{}\"}},\"evidence\":{{",
               index ? "," : "", id_, name, level, province.region, province.name);
        append(out_[units_csv], "{},{},{},{},{}\n", id_, name, level, province.region, province.name);
        first_entry_ = true;
        for (std::uint32_t l = 0; l < plan_.leaves.size(); ++l) {
            if (random.below(400) == 0) continue; // a little missing evidence
            leaf(random, l);
        }
        json += "}";
        events(random);
        json += "}";
    }

private:
    const Plan& plan_;
    std::array<std::string, table_count>& out_;
    std::vector<std::string> codes_;
    std::string id_, ref_;
    std::string_view code_;
    const char* method_ = "";
    double quality_ = 0;
    bool first_entry_ = true, first_field_ = true;

    std::string& json() { return out_[evidence_json]; }

    /// A numeric or boolean field: `text` is written as is to both forms.
    void field(std::string_view name, std::string_view text, bool quoted = false) {
        append(json(), "{}\"{}\":{}{}{}", first_field_ ? "\"fields\":{" : ",", name, quoted ? "\"" : "", text,
               quoted ? "\"" : "");
        if (first_field_)
            append(out_[fields_csv], "{},{},{},{},{},{}\n", id_, code_, name, text, method_, ref_);
        else
            append(out_[fields_csv], "{},{},{},{},,\n", id_, code_, name, text);
        first_field_ = false;
    }
    void boolean(std::string_view name, bool value) { field(name, value ? "true" : "false"); }
    void number(std::string_view name, double value, int decimals) {
        field(name, fmt::format("{:.{}f}", value, decimals));
    }
    void whole(std::string_view name, std::uint32_t value) { field(name, fmt::format("{}", value)); }
    void text(std::string_view name, std::string_view value) { field(name, value, true); }

    /// A rate near `centre`, with noise of `spread`, in [0, 1], four decimals.
    double rate(Random& random, double centre, double spread) {
        return clamp01(centre + spread * (random.uniform() - 0.5));
    }

    void leaf(Random& random, std::uint32_t l) {
        const Leaf& leaf = plan_.leaves[l];
        const KindText text = kind_text(leaf.kind);
        code_ = codes_[l];
        ref_.clear();
        append(ref_, "{}-{}{:03}", id_, text.ref_tag, l + 1);
        method_ = text.method;
        append(json(), "{}\"{}\":{{", first_entry_ ? "" : ",", code_);
        first_entry_ = false;
        first_field_ = true;
        const double q = quality_;
        switch (leaf.kind) {
        case Kind::met:
            boolean("done", random.chance(q + 0.1));
            break;
        case Kind::met_deduction:
            boolean("done", random.chance(q + 0.1));
            break;
        case Kind::met_tiers:
            boolean("plan_done", random.chance(q + 0.12));
            number("completion_rate", rate(random, 0.75 + 0.3 * q, 0.2), 4);
            break;
        case Kind::tiers_deduction:
            number("closed_rate", rate(random, 0.8 + 0.2 * q, 0.12), 4);
            break;
        case Kind::tiers_lower:
            number("corrected_rate", std::max(0.0, 0.16 * (1 - q) + 0.05 * (random.uniform() - 0.5)), 4);
            break;
        case Kind::proportional:
            number("coverage", rate(random, 0.7 + 0.3 * q, 0.2), 4);
            break;
        case Kind::proportional_lower:
            number("loss_rate", std::max(0.0, 0.3 * (1 - q) * random.uniform()), 4);
            break;
        case Kind::deduction_severity:
        case Kind::deduction_methods:
            break;
        case Kind::grade: {
            const double g = q + 0.3 * (random.uniform() - 0.5);
            this->text("grade", g >= 0.85 ? "优" : g >= 0.72 ? "良" : g >= 0.55 ? "中" : "差");
            break;
        }
        case Kind::expert_panel:
            break;
        case Kind::checklist:
            boolean("catalog_published", random.chance(q + 0.15));
            boolean("guide_published", random.chance(q + 0.1));
            boolean("contact_published", random.chance(q + 0.15));
            break;
        case Kind::survey_share:
            number("satisfaction", rate(random, 0.8 + 0.2 * q, 0.06), 4);
            whole("respondents", 120 + random.below(900));
            break;
        case Kind::survey_mean:
            number("mean_score", std::clamp(3 + 2 * q + 0.6 * (random.uniform() - 0.5), 1.0, 5.0), 2);
            whole("respondents", 60 + random.below(500));
            break;
        case Kind::deadline_all:
        case Kind::deadline_month: {
            const int month = leaf.kind == Kind::deadline_all ? 6 : 9;
            if (random.chance(q + 0.05))
                this->text("completed_on", date_from(month, 30, -static_cast<int>(random.below(90))));
            else if (random.chance(0.9))
                this->text("completed_on", date_from(month, 30, 1 + static_cast<int>(random.below(100))));
            else
                boolean("completed_on", false);
            break;
        }
        case Kind::formula: {
            const std::uint32_t received = 40 + random.below(360);
            const double share = rate(random, 0.72 + 0.25 * q, 0.12);
            whole("resolved", static_cast<std::uint32_t>(received * share));
            whole("received", received);
            break;
        }
        case Kind::best_ratio_level:
            whole("systems_linked", static_cast<std::uint32_t>(std::max(0.0, 20 * q + 8 * (random.uniform() - 0.5))));
            break;
        case Kind::best_ratio_all:
            whole("datasets", static_cast<std::uint32_t>(std::max(0.0, 120 * q + 60 * (random.uniform() - 0.5))));
            break;
        case Kind::rank_ladder_explicit:
            whole("actions", random.below(5) + static_cast<std::uint32_t>(10 * q));
            break;
        case Kind::rank_ladder_step:
            whole("cases", random.below(6) + static_cast<std::uint32_t>(12 * q));
            break;
        case Kind::group_mean_linear:
            number("coverage", rate(random, 0.6 + 0.4 * q, 0.15), 4);
            break;
        case Kind::group_mean_step:
            number("assessment_rate", rate(random, 0.7 + 0.3 * q, 0.1), 4);
            break;
        case Kind::normalised_goalposts:
            whole("research_outputs", random.below(3) + (q > 0.8 ? 1u : 0u));
            break;
        case Kind::normalised_cohort:
            number("digital_index", 40 + 50 * q + 20 * (random.uniform() - 0.5), 1);
            break;
        }
        if (first_field_) {
            // No field: the entry is its method and reference.
            append(out_[entries_csv], "{},{},{},{}\n", id_, code_, method_, ref_);
            append(json(), "\"method\":\"{}\",\"ref\":\"{}\"", method_, ref_);
        } else {
            append(json(), "}},\"method\":\"{}\",\"ref\":\"{}\"", method_, ref_);
        }
        if (has_deduction(leaf.kind)) findings(random, leaf.kind);
        if (leaf.kind == Kind::expert_panel) ratings(random);
        json() += "}";
    }

    void findings(Random& random, Kind kind) {
        const double chance = kind == Kind::deduction_severity ? 1.6 * (1 - q()) + 0.1 : 1.1 * (1 - q()) + 0.05;
        if (!random.chance(chance)) return;
        const std::uint32_t n = 1 + random.below(3);
        json() += ",\"findings\":[";
        for (std::uint32_t f = 0; f < n; ++f) {
            const std::uint32_t s = random.below(10);
            const char* severity = kind == Kind::deduction_severity || kind == Kind::tiers_deduction
                                       ? (s < 6   ? "minor"
                                          : s < 9 ? "major"
                                                  : "serious")
                                       : "";
            const std::uint32_t count = random.chance(0.7) ? 1 : 2 + random.below(2);
            const char* method = kind == Kind::deduction_methods ? finding_methods[random.below(3)]
                                 : kind == Kind::met_deduction   ? "实地核验"
                                                                 : "案卷评查";
            const char* note = finding_notes[random.below(finding_notes.size())];
            json() += f ? ",{" : "{";
            if (*severity) append(json(), "\"severity\":\"{}\",", severity);
            if (count > 1) append(json(), "\"count\":{},", count);
            append(json(), "\"note\":\"{}\",\"method\":\"{}\",\"ref\":\"{}-F{}\"}}", note, method, ref_, f + 1);
            append(out_[findings_csv], "{},{},{},{},{},{},{}-F{}\n", id_, code_, severity, count, method, note, ref_,
                   f + 1);
        }
        json() += "]";
    }

    void ratings(Random& random) {
        const std::uint32_t n = 5 + random.below(3);
        const double centre = 55 + 40 * q();
        json() += ",\"ratings\":[";
        for (std::uint32_t r = 0; r < n; ++r) {
            const std::string score =
                fmt::format("{:.1f}", std::clamp(centre + 16 * (random.uniform() - 0.5), 0.0, 100.0));
            append(json(), "{}{{\"expert\":\"E{}\",\"score\":{}}}", r ? "," : "", r + 1, score);
            append(out_[ratings_csv], "{},{},E{},{}\n", id_, code_, r + 1, score);
        }
        json() += "]";
    }

    double q() const { return quality_; }

    /// One event: written to both forms.
    void event(bool& first, const char* type, const char* item, const char* kind, std::uint32_t count,
               const std::string& indicator, const std::string& ref, const char* note, const std::string& date) {
        auto o = std::back_inserter(json());
        fmt::format_to(o, "{}{{\"type\":\"{}\"", first ? ",\"events\":[" : ",", type);
        if (*item) fmt::format_to(o, ",\"item\":\"{}\"", item);
        if (*kind) fmt::format_to(o, ",\"kind\":\"{}\"", kind);
        if (count > 1) fmt::format_to(o, ",\"count\":{}", count);
        if (!indicator.empty()) fmt::format_to(o, ",\"indicator\":\"{}\"", indicator);
        fmt::format_to(o, ",\"ref\":\"{}\",\"note\":\"{}\"", ref, note);
        if (!date.empty()) fmt::format_to(o, ",\"date\":\"{}\"", date);
        json() += "}";
        append(out_[events_csv], "{},{},{},{},{},{},{},{},,{}\n", id_, type, item, kind,
               count > 1 ? fmt::format("{}", count) : std::string(), indicator, ref, note, date);
        first = false;
    }

    void events(Random& random) {
        bool first = true;
        std::uint32_t serial = 0;
        auto ref = [&](const char* tag) { return fmt::format("{}-{}-{}", id_, tag, ++serial); };
        if (random.chance(0.08)) { // bonuses
            const std::uint32_t b = random.below(20);
            if (b < 3) event(first, "bonus", "national_award", "", 1, "", ref("B"), "国家级表彰", "");
            if (b < 12)
                event(first, "bonus", "provincial_award", "", 1 + random.below(3), "", ref("B"), "省级表彰", "");
            if (b >= 8)
                event(first, "bonus", "innovation_adopted", "", 1 + random.below(2), "", ref("B"), "创新做法被推广",
                      "");
            if (b % 4 == 1) {
                const std::uint32_t count = 1 + random.below(3);
                event(first, "bonus", "pilot_project", "", count,
                      fmt::format("C{}", 1 + random.below(plan_.first_count)), ref("B"), "承担试点", "");
            }
        }
        const std::uint32_t veto = random.below(1000); // about 0.5% of units
        const std::string date = date_from(6, 30, static_cast<int>(random.below(120)) - 60);
        if (veto < 2)
            event(first, "veto", "", "major_incident", 1, "", ref("V"), "重大安全生产事故", date);
        else if (veto < 3)
            event(first, "veto", "", "serious_violation", 1, "", ref("V"), "违法行政被追责", date);
        else if (veto < 5)
            event(first, "veto", "", "negative_opinion", 1, "", ref("V"), "重大负面舆情", date);
        if (random.chance(0.04))
            event(first, "deduction", "", "lost_lawsuit", 1 + random.below(2), "", ref("D"), "行政诉讼败诉", "");
        if (random.chance(0.02)) event(first, "deduction", "", "criticism", 1, "", ref("D"), "被督察通报批评", "");
        if (!first) json() += "]";
    }
};

} // namespace

void generate_evidence(const Plan& plan, const std::function<void(Tables&)>& sink) {
    Tables head;
    append(head[evidence_json],
           "{{\"format\":\"shifan.evidence/1\",\"round\":{{\"id\":\"{}\",\"name\":\"合成评估轮次（{}个单位）\","
           "\"indicators\":\"{}\"}},\n\"units\":[",
           plan.round_id, plan.options.units, plan.indicators_id);
    append(head[units_csv],
           "#id: {}\n#name: 合成评估轮次（{}个单位）\n#indicators: {}\nid,name,level,region,province\n", plan.round_id,
           plan.options.units, plan.indicators_id);
    head[entries_csv] += "unit,indicator,method,ref\n";
    head[fields_csv] += "unit,indicator,field,value,method,ref\n";
    head[findings_csv] += "unit,indicator,severity,count,method,note,ref\n";
    head[ratings_csv] += "unit,indicator,expert,score\n";
    head[events_csv] += "unit,type,item,kind,count,indicator,ref,note,method,date\n";
    sink(head);

    // Slices of 256 units, generated on the threads as each comes free and handed to the sink in
    // order.
    constexpr std::uint32_t slice = 256;
    const std::uint32_t units = plan.options.units;
    const std::size_t slices = (std::size_t{units} + slice - 1) / slice;
    make_in_order<Tables>(
        thread_count(0, units <= slice ? 1 : 8, 8), slices,
        [&](std::size_t index, Tables& tables) {
            for (std::string& text : tables)
                text.clear();
            const auto from = static_cast<std::uint32_t>(index * slice), to = std::min(units, from + slice);
            UnitWriter writer(plan, tables);
            for (std::uint32_t u = from; u < to; ++u)
                writer.unit(u);
        },
        sink);
    Tables tail;
    tail[evidence_json] = "\n]}\n";
    sink(tail);
}

} // namespace shifan::detail::synthetic
