// Marks the stretch of a call in which the stock-level module itself writes
// stock_levels; the guard trigger refuses on_hand/reserved writes outside it.
// Inside it, Reshaping marks writes that only move stock between the slots
// of a level (totals unchanged), for which the alert trigger has nothing to
// decide. Transaction and subtransaction abort reset both
// (module/module.cpp), so a failure can never leave them open.
#pragma once

namespace sh::write_scope {

bool active();
bool reshaping();
void reset();

class Scope {
public:
    Scope();
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
};

class Reshaping {
public:
    Reshaping();
    ~Reshaping();
    Reshaping(const Reshaping&) = delete;
    Reshaping& operator=(const Reshaping&) = delete;

private:
    Scope writing_;
};

}  // namespace sh::write_scope
