//! The physics, tested beside the code (with the private modules in reach): closed
//! forms, conservation, reductions between models, published figures with their
//! citations, and the cross-check cases of an independent implementation (`*_xval`).
//! The command line and the public API are tested in `tests/all`.

mod boost_azimuths;
mod boost_model_mc;
mod boost_published;
mod earth_model;
mod global_margin;
mod global_payload;
mod global_reach;
mod kepler_closed_form;
mod lofted_check;
mod numerical_models;
mod payload_for;
mod spent_stages;
mod target_flights;
mod uncertainty;
mod validation;
