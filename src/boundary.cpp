#include "boundary.hpp"

namespace sh {

void raise_failure(const Failure& failure) {
    if (failure.pg) ReThrowError(failure.pg);
    ereport(ERROR, (errcode(failure.sqlstate), errmsg_internal("%s", failure.message),
                    failure.detail[0] ? errdetail_internal("%s", failure.detail) : 0,
                    failure.hint[0] ? errhint("%s", failure.hint) : 0));
    pg_unreachable();
}

}  // namespace sh
