//! Money arithmetic. Amounts are integers in minor units (cents) until they leave through the API, so sums are
//! exact and a rounding happens once, where a rule says so.

/// Minor units as the decimal the API shows (`2999` → `29.99`). Every plan is priced in a two-decimal
/// currency; a zero-decimal one (JPY) would need its exponent here.
pub fn to_major(minor: i64) -> f64 {
    minor as f64 / 100.0
}

/// `amount × numerator / denominator`, rounded half away from zero to a whole minor unit.
pub fn share(amount: i64, numerator: i64, denominator: i64) -> i64 {
    let denominator = i128::from(denominator.max(1));
    let product = i128::from(amount) * i128::from(numerator);
    let rounded = (2 * product + product.signum() * denominator) / (2 * denominator);
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

/// What an upgrade costs for the rest of the period, and its two sides for the invoice's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proration {
    /// The new plan's price for the remaining time.
    pub charge: i64,
    /// The old plan's price for the remaining time, given back (positive).
    pub credit: i64,
    /// `charge − credit`: what is billed now.
    pub total: i64,
}

/// new × remaining fraction − old × remaining fraction, rounded to the cent once, on the difference; the
/// charge line absorbs the rounding so the lines always add up to the total.
pub fn prorate(old_price: i64, new_price: i64, remaining: i64, length: i64) -> Proration {
    let remaining = remaining.clamp(0, length.max(0));
    let total = share(new_price - old_price, remaining, length);
    let credit = share(old_price, remaining, length);
    Proration {
        charge: total + credit,
        credit,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(share(2099, 2, 3), 1399); // 1399.33
        assert_eq!(share(100, 1, 8), 13); // 12.5
        assert_eq!(share(-100, 1, 8), -13);
        assert_eq!(share(900, 0, 30), 0);
    }

    #[test]
    fn an_upgrade_two_thirds_through_costs_a_third_of_the_difference() {
        let p = prorate(900, 2999, 10, 30);
        assert_eq!(p.total, 700); // 2099 / 3 = 699.67
        assert_eq!(p.credit, 300);
        assert_eq!(p.charge - p.credit, p.total);
    }

    #[test]
    fn remaining_time_outside_the_period_is_clamped() {
        assert_eq!(prorate(900, 2999, 40, 30).total, 2099);
        assert_eq!(prorate(900, 2999, -5, 30).total, 0);
    }

    #[test]
    fn amounts_show_as_decimals() {
        assert_eq!(to_major(2999), 29.99);
        assert_eq!(to_major(-1399), -13.99);
    }
}
