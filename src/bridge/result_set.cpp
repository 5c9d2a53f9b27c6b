#include "bridge/result_set.hpp"

namespace sh {

ResultSet::ResultSet(FunctionCallInfo fcinfo) {
    pg_guard([&] { InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC); });
    rsinfo_ = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
}

void ResultSet::add(std::initializer_list<spi::Arg> values) {
    Datum datums[spi::max_args];
    bool nulls[spi::max_args];
    int i = 0;
    for (const spi::Arg& v : values) {
        datums[i] = v.value;
        nulls[i] = v.null;
        ++i;
    }
    ReturnSetInfo* rs = rsinfo_;
    pg_guard([&] { tuplestore_putvalues(rs->setResult, rs->setDesc, datums, nulls); });
}

}  // namespace sh
