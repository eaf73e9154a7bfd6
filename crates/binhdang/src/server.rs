//! Running the HTTP server: connect, migrate, serve until Ctrl-C or SIGTERM, and purge expired
//! sessions and old login failures every hour.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::Context;
use tokio::net::TcpListener;

use binhdang_core::{Clock, SystemClock};
use binhdang_store::Store;
use binhdang_web::{AppState, Settings};

/// Days a deleted activity can be restored by an administrator.
pub const DELETED_KEPT_DAYS: i64 = 30;

/// Connects to the database and applies pending migrations.
pub async fn open_store(url: &str, clock: &dyn Clock) -> anyhow::Result<Store> {
    let store = Store::connect(url)
        .await
        .with_context(|| format!("không kết nối được cơ sở dữ liệu {}", url.split('@').next_back().unwrap_or(url)))?;
    let ran = store.migrate(clock.now()).await.context("không áp dụng được các bản nâng cấp cơ sở dữ liệu")?;
    if ran > 0 {
        tracing::info!(ran, "migrations applied");
    }
    Ok(store)
}

/// Serves the application on `listen` until a shutdown signal.
pub async fn serve(store: Store, settings: Settings, listen: &str) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let settings_header_timeout = settings.header_read_timeout_secs;
    let state = AppState::new(store.clone(), clock.clone(), settings.clone());
    let app = binhdang_web::router(state);
    let listener = TcpListener::bind(listen).await.with_context(|| format!("không mở được cổng {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "serving");
    println!("binhdang đang chạy tại http://{addr}");
    let purge = tokio::spawn(async move {
        let mut tick = tokio::time::interval(StdDuration::from_hours(1));
        loop {
            tick.tick().await;
            let now = clock.now();
            let window = chrono::Duration::minutes(settings.login_window_minutes);
            if let Err(e) = store.purge_expired(now, now - window).await {
                tracing::warn!(error = %e, "purging expired sessions failed");
            }
            if let Err(e) = store.purge_pending_uploads(now).await {
                tracing::warn!(error = %e, "purging expired uploads failed");
            }
            // Deleted activities stay restorable for 30 days.
            match store.purge_deleted_activities(now - chrono::Duration::days(DELETED_KEPT_DAYS)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(purged = n, "deleted activities removed for good"),
                Err(e) => tracing::warn!(error = %e, "purging deleted activities failed"),
            }
        }
    });
    binhdang_web::serve(listener, app, StdDuration::from_secs(settings_header_timeout), shutdown()).await?;
    purge.abort();
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
