// Rows returned by a RETURNS TABLE function, in materialize mode: the
// tuplestore lives in the query's memory, independent of SPI.
#pragma once

#include <initializer_list>

#include "bridge/spi.hpp"

namespace sh {

class ResultSet {
public:
    explicit ResultSet(FunctionCallInfo fcinfo);
    void add(std::initializer_list<spi::Arg> values);
    Datum done() const { return Datum(0); }

private:
    ReturnSetInfo* rsinfo_;
};

}  // namespace sh
