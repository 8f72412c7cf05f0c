package io.dea.review;

/** Where a review stands. Only PENDING changes, and only once. */
public enum ReviewState {
    PENDING, APPROVED, REJECTED
}
