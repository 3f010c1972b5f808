//! The matchmaking rules against figures worked out by hand.

mod fit;
