//! One module per subcommand.

pub mod add;
pub mod fix;
pub mod scan;
pub mod show;
