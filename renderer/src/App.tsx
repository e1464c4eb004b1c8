import { useCallback, useEffect, useState } from 'react';
import { Header } from './components/Header.tsx';
import { isScreenId, Nav, type ScreenId } from './components/Nav.tsx';
import { ConnectControl } from './features/connect/ConnectControl.tsx';
import { FlagsScreen } from './features/flags/FlagsScreen.tsx';
import { GenerateScreen } from './features/generate/GenerateScreen.tsx';
import { SamplesScreen } from './features/samples/SamplesScreen.tsx';
import { ReviewScreen } from './features/review/ReviewScreen.tsx';
import { hasStoredToken, LoginForm } from './features/team/LoginForm.tsx';
import { TeamScreen } from './features/team/TeamScreen.tsx';
import { VersionsScreen } from './features/versions/VersionsScreen.tsx';
import { ReadyContext } from './ready.tsx';
import { useWorkspace, WorkspaceProvider } from './workspace.tsx';

// Hash routes work the same under Electron's custom protocol and the HTTP server.
function screenFromHash(): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isScreenId(id) ? id : 'samples';
}

export function App() {
  return (
    <WorkspaceProvider>
      <Shell />
    </WorkspaceProvider>
  );
}

// Every screen id has its view: adding one to the nav without a view does not compile.
const SCREEN_VIEWS: Record<ScreenId, () => React.JSX.Element> = {
  samples: SamplesScreen,
  review: ReviewScreen,
  generate: GenerateScreen,
  flags: FlagsScreen,
  versions: VersionsScreen,
  team: TeamScreen,
};

function Shell() {
  const [screen, setScreen] = useState<ScreenId>(screenFromHash);
  const [screenReady, setScreenReady] = useState(false);
  const { info, stats, error } = useWorkspace();
  const Screen = SCREEN_VIEWS[screen];

  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const markScreenReady = useCallback(() => setScreenReady(true), []);

  useEffect(() => {
    if (!(info && stats && screenReady)) return;
    document.documentElement.dataset.appReady = 'true';
    // Fetch and parse the editor (Monaco, ~3 MB) while the annotator is still in the table,
    // so opening a trace only has to lay out text.
    const preload = () => void import('./features/review/TraceEditor.tsx').catch(() => undefined);
    if ('requestIdleCallback' in window) window.requestIdleCallback(preload, { timeout: 3000 });
    else setTimeout(preload, 1000);
  }, [info, stats, screenReady]);

  return (
    <ReadyContext.Provider value={markScreenReady}>
      <div className="app">
        <Header />
        <Nav current={screen} />
        <ConnectControl />
        <main className="app-main">
          {isUnauthorized(error) ? (
            <LoginForm rejected={hasStoredToken()} />
          ) : (
            <>
              {error ? (
                <div className="banner error" role="alert" data-testid="app-error">
                  {error.message}
                </div>
              ) : null}
              <Screen />
            </>
          )}
        </main>
      </div>
    </ReadyContext.Provider>
  );
}

/** A team server that wants a token answers 401 (code `unauthorized`) to the first call. */
function isUnauthorized(error: Error | null): boolean {
  return (error as { code?: string } | null)?.code === 'unauthorized';
}
