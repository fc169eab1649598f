// Shows the flame graph that `kiln profile --format html` wrote, in a webview
// beside the editor. The page is self-contained (inline script and style), so
// the webview needs scripts but no access to local files or the network.
import * as vscode from 'vscode';

export async function showProfile(htmlFile: vscode.Uri, title: string): Promise<void> {
  let html: string;
  try {
    html = Buffer.from(await vscode.workspace.fs.readFile(htmlFile)).toString('utf8');
  } catch (err) {
    void vscode.window.showErrorMessage(`Kiln: the profiler wrote no flame graph at ${htmlFile.fsPath}: ${String(err)}`);
    return;
  }
  const panel = vscode.window.createWebviewPanel('kiln.profile', `Profile: ${title}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  panel.webview.html = html;
}
