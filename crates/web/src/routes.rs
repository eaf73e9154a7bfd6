//! Every route of the application, grouped by domain: the whole HTTP surface on one screen.

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post, put};

use crate::{
    AppState, account, activities, analytics, assets, auth, dashboard, difficulties, documents, exchange, health, home,
    indicators, metrics, pick, plans, public, reports, security, tasks, units, users, yearly,
};

/// The application's router.
#[allow(clippy::too_many_lines, reason = "the whole HTTP surface, kept on one screen on purpose")]
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(home::show))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route("/lang", post(account::switch_language))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        // pickers: the choices of a form field
        .route("/pick/{kind}", get(pick::choices))
        // documents
        .route("/documents", get(documents::pages::list))
        .route("/documents/new", get(documents::pages::new_form))
        .route("/documents/parse", post(documents::pages::parse).layer(upload()))
        .route("/documents/register", post(documents::pages::register_form))
        .route("/documents/{id}", get(documents::pages::show))
        .route("/documents/{id}/file", get(documents::pages::file))
        .route("/documents/{id}/directions", post(documents::pages::add_direction))
        .route("/documents/{id}/tasks/new", get(tasks::pages::new_form))
        .route("/documents/{id}/tasks", post(tasks::pages::create))
        .route("/documents/{id}/fan-out", post(tasks::pages::fan_out))
        .route("/documents/{id}/difficulties/new", get(difficulties::pages::new_form))
        .route("/documents/{id}/difficulties", post(difficulties::pages::raise).layer(upload()))
        // difficulties raised on letters
        .route("/difficulties", get(difficulties::pages::index))
        .route("/difficulties/{id}", get(difficulties::pages::show))
        .route("/difficulties/{id}/answers", post(difficulties::pages::answer))
        .route("/difficulties/{id}/close", post(difficulties::pages::close))
        .route("/difficulties/{id}/reopen", post(difficulties::pages::reopen))
        .route("/difficulties/{id}/files/{file}", get(difficulties::pages::file))
        // tasks
        .route("/tasks", get(tasks::pages::list))
        .route("/tasks/export.xlsx", get(tasks::pages::export))
        .route("/tasks/{id}", get(tasks::pages::show))
        .route("/tasks/{id}/status", post(tasks::pages::set_status))
        .route("/tasks/{id}/progress", post(tasks::pages::add_progress).layer(upload()))
        .route("/tasks/{id}/subtasks", post(tasks::pages::add_subtask))
        .route("/tasks/{id}/results", post(tasks::pages::add_result))
        .route("/tasks/{id}/progress/{pid}/file", get(tasks::pages::progress_file))
        // activities
        .route("/activities", get(activities::pages::list).post(activities::pages::create))
        .route("/activities/new", get(activities::pages::new_form))
        .route("/activities/deleted", get(activities::pages::deleted))
        .route("/activities/{id}/restore", post(activities::pages::restore))
        .route("/activities/export.xlsx", get(activities::pages::export))
        .route("/activities/{id}", get(activities::pages::show))
        .route("/activities/{id}/edit", get(activities::pages::edit_form).post(activities::pages::update))
        .route("/activities/{id}/delete", post(activities::pages::delete))
        .route("/activities/{id}/files", post(activities::pages::add_file).layer(upload()))
        .route("/activities/{id}/files/{file}", get(activities::pages::file))
        .route("/figures", get(activities::pages::figures_page))
        // plans
        .route("/plans", get(plans::pages::list).post(plans::pages::create))
        .route("/plans/{id}", get(plans::pages::show))
        .route("/plans/{id}/items", post(plans::pages::add_item))
        .route("/plans/{id}/targets", post(plans::pages::set_targets).layer(upload()))
        .route("/plans/{id}/budget", post(plans::pages::add_budget))
        .route("/plans/{id}/status", post(plans::pages::set_status))
        .route("/plans/{id}/export.docx", get(plans::pages::export_docx))
        .route("/plans/{id}/export.xlsx", get(plans::pages::export_xlsx))
        // dashboards and the public portal
        .route("/public", get(public::index))
        .route("/public/indicators/{code}", get(public::show))
        .route("/public/indicators/{code}/data.csv", get(public::csv))
        .route("/dashboard", get(dashboard::show))
        .route("/dashboard/events", get(dashboard::events))
        .route("/dashboard/export.xlsx", get(dashboard::export))
        .route("/dashboard/provinces", get(dashboard::compare::show))
        .route("/dashboard/provinces/export.xlsx", get(dashboard::compare::export))
        .route("/dashboard/units/{code}", get(dashboard::unit::show))
        .route("/dashboard/completeness", get(dashboard::heat::show))
        .route("/dashboard/completeness/export.xlsx", get(dashboard::heat::export))
        // reports
        .route("/reports", get(reports::pages::index))
        .route("/reports/yearly", get(yearly::pages::choose))
        .route("/reports/yearly/{unit}/{year}", get(yearly::pages::show))
        .route("/reports/yearly/{unit}/{year}/bao-cao.docx", get(yearly::pages::docx))
        .route("/reports/yearly/{unit}/{year}/so-lieu.xlsx", get(yearly::pages::xlsx))
        .route("/reports/{form}/{period}/{unit}", get(reports::pages::show))
        .route("/reports/{form}/{period}/{unit}/values", post(reports::pages::save))
        .route("/reports/{form}/{period}/{unit}/steps/{step}", post(reports::pages::take_step))
        .route("/reports/{form}/{period}/{unit}/template.xlsx", get(reports::pages::template))
        .route("/reports/{form}/{period}/{unit}/upload", post(reports::pages::upload).layer(upload()))
        // indicators
        .route("/indicators", get(indicators::pages::list).post(indicators::pages::create))
        .route("/indicators/new", get(indicators::pages::new_form))
        .route("/indicators/{code}", get(indicators::pages::show).post(indicators::pages::update))
        .route("/indicators/{code}/retire", post(indicators::pages::retire))
        // units
        .route("/units", get(units::pages::browse).post(units::pages::create))
        .route("/units/new", get(units::pages::new_form))
        .route("/units/{id}", get(units::pages::show))
        .route("/units/{id}/children", get(units::pages::children))
        .route("/units/{id}/edit", get(units::pages::edit_form).post(units::pages::update))
        .route("/units/{id}/contact", post(units::pages::set_contact))
        .route("/units/{id}/successors", post(units::pages::add_successor))
        .route("/units/{id}/symbols", post(units::pages::set_symbols))
        // users
        .route("/users", get(users::pages::list).post(users::pages::create))
        .route("/users/new", get(users::pages::new_form))
        .route("/users/{id}", get(users::pages::edit_form).post(users::pages::update))
        .route("/users/{id}/password", post(users::pages::reset_password));

    let api = Router::new()
        .route("/openapi.json", get(crate::openapi::serve))
        .route("/auth/token", post(account::api_login))
        .route("/me", get(account::api_me))
        .route("/tokens", get(account::api_tokens).post(account::api_create_token))
        .route("/tokens/{id}", axum::routing::delete(account::api_revoke_token))
        .route("/pick/{kind}", get(pick::api_choices))
        .route("/uploads", post(crate::uploads::api_upload).layer(upload()))
        .route("/documents", get(documents::api::list).post(documents::api::create).layer(upload()))
        .route("/documents/parse", post(documents::api::parse))
        .route("/documents/{id}", get(documents::api::show))
        .route("/documents/{id}/directions", post(documents::api::add_direction))
        .route("/documents/{id}/fan-out", post(documents::api::fan_out))
        .route("/documents/{id}/difficulties", post(difficulties::api::raise).layer(upload()))
        .route("/difficulties", get(difficulties::api::list))
        .route("/difficulties/{id}", get(difficulties::api::show))
        .route("/difficulties/{id}/answers", post(difficulties::api::answer))
        .route("/difficulties/{id}/close", post(difficulties::api::close))
        .route("/difficulties/{id}/reopen", post(difficulties::api::reopen))
        .route("/tasks", get(tasks::api::list).post(tasks::api::create))
        .route("/tasks/{id}", get(tasks::api::show).patch(tasks::api::update))
        .route("/tasks/{id}/progress", post(tasks::api::add_progress).layer(upload()))
        .route("/tasks/{id}/results", post(tasks::api::add_result))
        .route("/activities", get(activities::api::list).post(activities::api::create))
        .route(
            "/activities/{id}",
            get(activities::api::show).put(activities::api::update).delete(activities::api::delete),
        )
        .route("/activities/{id}/files", get(activities::api::files).post(activities::api::add_file).layer(upload()))
        .route("/activities/deleted", get(activities::api::deleted))
        .route("/activities/{id}/restore", post(activities::api::restore))
        .route("/figures", get(activities::api::figures_api))
        .route("/plans", get(plans::api::list).post(plans::api::create))
        .route("/plans/{id}", get(plans::api::show).patch(plans::api::update))
        .route("/plans/{id}/items", post(plans::api::add_item))
        .route("/plans/{id}/targets", put(plans::api::set_targets))
        .route("/plans/{id}/budget", post(plans::api::add_budget))
        .route("/forms", get(reports::api::forms))
        .route("/reports", get(reports::api::list))
        .route("/reports/{form}/{period}/{unit}", get(reports::api::show))
        .route("/reports/{form}/{period}/{unit}/values", put(reports::api::put_values))
        .route("/reports/{form}/{period}/{unit}/{step}", post(reports::api::take_step))
        .route("/completeness", get(reports::api::completeness))
        .route("/yearly-reports/{unit}/{year}", get(yearly::api::show))
        .route("/completeness/areas", get(reports::api::completeness_areas))
        .route("/dashboard/provinces", get(dashboard::api::provinces))
        .route("/dashboard/units/{code}", get(dashboard::api::unit))
        .route("/dashboard/completeness", get(dashboard::api::completeness))
        .route("/analytics/explain", get(analytics::explain))
        .route("/sdmx/data/{form}", get(exchange::sdmx::data))
        .route("/sdmx/structure/{form}", get(exchange::sdmx::structure))
        .route("/obligations", get(reports::api::obligations).post(reports::api::add_obligation))
        .route("/indicators", get(indicators::api::list).post(indicators::api::create))
        .route("/indicators/{code}", get(indicators::api::show).put(indicators::api::update))
        .route("/indicators/{code}/retire", post(indicators::api::retire))
        .route("/indicators/{code}/value", get(indicators::api::value))
        .route("/units", get(units::api::list).post(units::api::create))
        .route("/units/{code}", get(units::api::show).put(units::api::update))
        .route("/units/{code}/successors", post(units::api::add_successor))
        .route("/units/{code}/contact", get(units::api::contact).put(units::api::set_contact))
        .route("/units/{code}/symbols", get(units::api::symbols).put(units::api::set_symbols))
        .route("/users", get(users::api::list).post(users::api::create))
        .route("/users/{id}", axum::routing::patch(users::api::update))
        .route("/users/{id}/password", put(users::api::set_password));

    // DHIS2's Web API, where DHIS2 clients look for it.
    let dhis2 = Router::new()
        .route("/dataValueSets", get(exchange::dhis2::get_values).post(exchange::dhis2::post_values).layer(upload()))
        .route(
            "/dataValueSets.json",
            get(exchange::dhis2::get_values_json).post(exchange::dhis2::post_values_json).layer(upload()),
        )
        .route("/dataValueSets.adx+xml", get(exchange::dhis2::get_values_adx))
        .route("/system/info", get(exchange::dhis2::system_info))
        .route("/system/info.json", get(exchange::dhis2::system_info_json))
        .route("/analytics", get(analytics::analytics))
        .route("/analytics.json", get(analytics::analytics_json));

    Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        // DHIS2-compatible routes, under DHIS2's own paths.
        .nest("/api", dhis2)
        .route("/static/{file}", get(assets::file))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .fallback(crate::error::not_found)
        .method_not_allowed_fallback(crate::error::method_not_allowed)
        // Bodies are small unless a route takes files (`upload()`); anonymous ones are smaller
        // still (`auth::guard`), and every request is bounded in time.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_FORM_BODY_BYTES))
        .layer(from_fn_with_state(state.clone(), security::timeout))
        .layer(from_fn_with_state(state.clone(), auth::guard))
        .layer(from_fn(security::headers))
        .layer(from_fn_with_state(state.clone(), metrics::observe))
        .layer(from_fn(crate::page::language))
        .with_state(state)
}

/// Largest body of a route that takes files: an original letter of 20 MiB, base64-encoded in
/// the register form.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Largest body of every other route (forms and JSON, a letter's text included).
pub const MAX_FORM_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The body limit of the routes that take files.
fn upload() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES)
}
