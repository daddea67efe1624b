package io.strata.deals;

/**
 * How much each factor counts when providers are ranked; non-negative, not all zero. Each factor is scaled
 * to [0, 1] against the best candidate, so the weights compare directly.
 */
public record ScoringWeights(double power, double successfulDeals, double age, double price) {

    public static final ScoringWeights BALANCED = new ScoringWeights(1, 1, 1, 1);

    public ScoringWeights {
        for (double weight : new double[] {power, successfulDeals, age, price}) {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weights are finite and non-negative; got " + this);
            }
        }
        if (power + successfulDeals + age + price == 0) {
            throw new IllegalArgumentException("at least one weight is positive");
        }
    }

    double total() {
        return power + successfulDeals + age + price;
    }
}
