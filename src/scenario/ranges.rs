//! The value ranges that more than one place checks, in one table: the scenario validator,
//! the sim's order checks, the facilitator's form and the reference page (its template names
//! them as `{{range NAME}}`) all read them from here, and `tests/suite/reference.rs` probes
//! each place at both ends of every range.

/// A closed range of allowed values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The name the reference template uses (`{{range TARIFF_RATE}}`).
    pub name: &'static str,
    pub lo: f64,
    pub hi: f64,
}

impl Range {
    const fn new(name: &'static str, lo: f64, hi: f64) -> Range {
        Range { name, lo, hi }
    }

    /// Whether `v` is a finite number within the range.
    pub fn contains(self, v: f64) -> bool {
        v.is_finite() && (self.lo..=self.hi).contains(&v)
    }

    /// As a Rust range (for a slider).
    pub fn inclusive(self) -> std::ops::RangeInclusive<f64> {
        self.lo..=self.hi
    }

    /// Scaled (for a form that asks for points where the file holds a fraction).
    pub const fn scaled(self, by: f64) -> Range {
        Range::new(self.name, self.lo * by, self.hi * by)
    }

    /// As the reference writes it: `0–10`, `−1–1`.
    pub fn text(self) -> String {
        let n = |x: f64| {
            let s = if x.abs() >= 1e6 || (x != 0.0 && x.abs() < 1e-3) {
                format!("{:e}", x.abs())
            } else {
                format!("{}", x.abs())
            };
            if x < 0.0 { format!("−{s}") } else { s }
        };
        format!("{}–{}", n(self.lo), n(self.hi))
    }
}

/// The largest quantity, quota, price or sum of money a file or an order may hold.
pub const MAX_AMOUNT: f64 = 1e13;

/// Tariff rates (ad valorem, `0.25` = 25%): rules, effects and orders.
pub const TARIFF_RATE: Range = Range::new("TARIFF_RATE", 0.0, 10.0);
/// Quantities and quotas (units per year, or units): production and export quotas, a reserve
/// release.
pub const AMOUNT: Range = Range::new("AMOUNT", 0.0, MAX_AMOUNT);
/// A new project's capacity (runs per year).
pub const INVEST_CAPACITY: Range = Range::new("INVEST_CAPACITY", 1e-6, 1e12);
/// The share of a private project's cost the state pays.
pub const SUBSIDY: Range = Range::new("SUBSIDY", 0.0, 1.0);
/// An event's factor on a facility's capacity.
pub const CAPACITY_FACTOR: Range = Range::new("CAPACITY_FACTOR", 0.0, 100.0);
/// An event's (or the facilitator's) factor on a sector's planned activity.
pub const DEMAND_FACTOR: Range = Range::new("DEMAND_FACTOR", 0.0, 100.0);
/// A change of trust or tension.
pub const RELATION_CHANGE: Range = Range::new("RELATION_CHANGE", -1.0, 1.0);
/// A change of approval (a fraction: `0.1` = 10 points).
pub const APPROVAL_CHANGE: Range = Range::new("APPROVAL_CHANGE", -1.0, 1.0);
/// A change of the treasury ($M).
pub const TREASURY_CHANGE: Range = Range::new("TREASURY_CHANGE", -MAX_AMOUNT, MAX_AMOUNT);

/// A licence's approval rate, a content threshold, the state's share of quotas.
pub const SHARE: Range = Range::new("SHARE", 0.0, 1.0);
/// Months of use firms aim to hold.
pub const STOCK_COVER: Range = Range::new("STOCK_COVER", 0.0, 24.0);
/// A strategic reserve target, in months of use.
pub const RESERVE_MONTHS: Range = Range::new("RESERVE_MONTHS", 0.0, 60.0);

/// Every range of the table (the reference template may name any of them).
pub const ALL: [Range; 12] = [
    SHARE,
    STOCK_COVER,
    RESERVE_MONTHS,
    TARIFF_RATE,
    AMOUNT,
    INVEST_CAPACITY,
    SUBSIDY,
    CAPACITY_FACTOR,
    DEMAND_FACTOR,
    RELATION_CHANGE,
    APPROVAL_CHANGE,
    TREASURY_CHANGE,
];

/// The range of this name.
pub fn named(name: &str) -> Option<Range> {
    ALL.iter().copied().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_the_reference_writes_them() {
        assert_eq!(TARIFF_RATE.text(), "0–10");
        assert_eq!(RELATION_CHANGE.text(), "−1–1");
        assert_eq!(TREASURY_CHANGE.text(), "−1e13–1e13");
        assert_eq!(INVEST_CAPACITY.text(), "1e-6–1e12");
        assert!(TARIFF_RATE.contains(10.0) && !TARIFF_RATE.contains(10.000001));
        assert!(!SUBSIDY.contains(f64::NAN) && !AMOUNT.contains(f64::INFINITY));
        assert_eq!(named("SUBSIDY"), Some(SUBSIDY));
        assert_eq!(APPROVAL_CHANGE.scaled(100.0).inclusive(), -100.0..=100.0);
    }
}
