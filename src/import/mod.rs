//! Reading other tools' annotations back as entries of a project.

pub mod w3c;
