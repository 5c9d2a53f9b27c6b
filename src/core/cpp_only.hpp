// Included last by every .cpp of core/: the code there is plain C++ that
// decides (quantities, lines, allocation, ...), and neither it nor any
// header it includes may pull in a PostgreSQL header. If one did, the
// compile stops here. (No include guard: each inclusion checks again.)
#ifdef POSTGRES_H
#error "core/ is plain C++: it must not include PostgreSQL headers (use a layer above, starting with bridge/)"
#endif
