"""Every word the report adds, in Swedish and English."""

from __future__ import annotations

WORDS = {
    "sv": {
        "title": "Var skaver det?",
        "kicker": "Processkartläggning med skavmap",
        "cover": "{processes} · {actions} · {hotspots} med poäng ≥ {threshold}",
        "processes": ("{n} process", "{n} processer"),
        "actions": ("{n} åtgärd", "{n} åtgärder"),
        "hotspots": ("{n} skavpunkt", "{n} skavpunkter"),
        "date": "Datum: {date}",
        "contents": "Innehåll",
        "overview": "Översikt",
        "overview_intro": (
            "Processerna står i ordning efter sin högsta skavpunkt (vid lika poäng avgör den "
            "näst högsta). Poängen går från 0 till 100 och kan jämföras mellan processer: "
            "högre poäng skaver mer."
        ),
        "rank": "#",
        "process": "Process",
        "lead_time": "Ledtid",
        "work_time": "Arbetstid",
        "flow_efficiency": "Flödeseffektivitet",
        "handoffs": "Överlämningar",
        "cross": "varav mellan avdelningar",
        "loops": "Slingor",
        "steps": "Steg",
        "top_hotspots": "Största skavpunkter",
        "top_overall": "De största skaven i alla processer",
        "plan_summary": "Åtgärdsplanen i korthet",
        "uncovered_count": "Högt skav utan åtgärd",
        "score": "Poäng",
        "kind": "Typ",
        "where": "Var",
        "why": "Varför",
        "figures": "Nyckeltal per ärende",
        "per_case": "per ärende",
        "cross_short": "{n} mellan avdelningar",
        "owner": "Ägare",
        "unit": "Enhet",
        "volume": "Volym",
        "file": "Fil",
        "diagram": "Processkarta",
        "diagram_caption": (
            "Processkartan med analysens markeringar. Siffrorna i svarta rutor hänvisar till "
            "tabellen över skavpunkter. Klicka på kartan för att se den i full storlek."
        ),
        "close": "Stäng full storlek",
        "no_diagram": "Processkartan kunde inte ritas: {error}",
        "hotspot_table": "Skavpunkter",
        "hotspot_more": "… och {n} till med lägre poäng (skavmap hotspots {file} visar alla).",
        "no_hotspots": "Analysen hittade inga skavpunkter.",
        "addressed_by": "Åtgärd",
        "pain": "Skav som medarbetarna rapporterat",
        "votes": "Röster",
        "pain_text": "Skav",
        "quoted": "”{text}”",
        "source": "Källa",
        "step": "Steg",
        "no_pain": "Inget skav rapporterat i processfilen.",
        "plan": "Åtgärder",
        "no_plan": "Processfilen har ingen åtgärdsplan ännu (lägg till en lista 'actions:').",
        "id": "Id",
        "action": "Åtgärd",
        "level": "Nivå",
        "status": "Status",
        "due": "Klart senast",
        "hits": "Träffar",
        "uncovered": "Högt skav som ingen åtgärd tar hand om (poäng ≥ {threshold})",
        "all_covered": "Alla skavpunkter med poäng ≥ {threshold} har minst en åtgärd.",
        "unmatched": "Åtgärder som inte träffar någon skavpunkt",
        "comparisons": "Jämförelser mellan enheter",
        "comparison": "Jämförelse: {name}",
        "comparison_intro": "{labels} kör samma process ({id}). Den första är referens.",
        "and": " och ",
        "about": "Så läser du rapporten",
        "definitions": [
            (
                "Ledtid",
                "förväntad tid från start till slut per ärende, i arbetstid "
                "(väntan + arbete, omarbete inräknat).",
            ),
            ("Arbetstid", "den tid någon faktiskt arbetar med ärendet."),
            (
                "Flödeseffektivitet",
                "arbetstid delad med ledtid: hur stor del av tiden ärendet rör sig framåt.",
            ),
            (
                "Överlämning",
                "när arbetet går från en roll till en annan; mellan avdelningar "
                "när rollerna hör till olika avdelningar (en extern part räknas som en egen).",
            ),
            (
                "Skavpunkt",
                "ett ställe där processen skaver (på engelska hotspot), hittat av en av "
                "analysens regler (skavmap hotspots --list); poängen 0–100 är jämförbar "
                "mellan processer.",
            ),
            (
                "Åtgärd träffar en skavpunkt",
                "när åtgärden nämner ett av skavpunktens steg eller "
                "dess kod; nämner den både steg och koder måste båda stämma.",
            ),
        ],
        "generated": "Skapad med skavmap {version} från {files}.",
        "score_title": "Poäng {score} av 100",
    },
    "en": {
        "title": "Where does it chafe?",
        "kicker": "Process mapping with skavmap",
        "cover": "{processes} · {actions} · {hotspots} scoring {threshold} or more",
        "processes": ("{n} process", "{n} processes"),
        "actions": ("{n} action", "{n} actions"),
        "hotspots": ("{n} hotspot", "{n} hotspots"),
        "date": "Date: {date}",
        "contents": "Contents",
        "overview": "Overview",
        "overview_intro": (
            "The processes are ordered by their highest hotspot (on a tie, by the next "
            "highest). Scores run from 0 to 100 and compare across processes: a higher score "
            "chafes more."
        ),
        "rank": "#",
        "process": "Process",
        "lead_time": "Lead time",
        "work_time": "Work time",
        "flow_efficiency": "Flow efficiency",
        "handoffs": "Handoffs",
        "cross": "across departments",
        "loops": "Loops",
        "steps": "Steps",
        "top_hotspots": "Top hotspots",
        "top_overall": "Where it chafes most, across all processes",
        "plan_summary": "The action plan at a glance",
        "uncovered_count": "High friction without action",
        "score": "Score",
        "kind": "Kind",
        "where": "Where",
        "why": "Why",
        "figures": "Figures per case",
        "per_case": "per case",
        "cross_short": "{n} across departments",
        "owner": "Owner",
        "unit": "Unit",
        "volume": "Volume",
        "file": "File",
        "diagram": "Process map",
        "diagram_caption": (
            "The process map with the analysis marked on it. Numbers in black boxes refer to "
            "the hotspot table. Click the map to see it full size."
        ),
        "close": "Close full size",
        "no_diagram": "The process map could not be drawn: {error}",
        "hotspot_table": "Hotspots",
        "hotspot_more": "… and {n} more with lower scores (skavmap hotspots {file} lists all).",
        "no_hotspots": "The analysis found no hotspots.",
        "addressed_by": "Action",
        "pain": "Friction that staff reported",
        "votes": "Votes",
        "pain_text": "Friction",
        "quoted": "“{text}”",
        "source": "Source",
        "step": "Step",
        "no_pain": "No friction reported in the process file.",
        "plan": "Actions",
        "no_plan": "The process file has no action plan yet (add an 'actions:' list).",
        "id": "Id",
        "action": "Action",
        "level": "Level",
        "status": "Status",
        "due": "Due",
        "hits": "Hits",
        "uncovered": "High friction that no action addresses (score ≥ {threshold})",
        "all_covered": "Every hotspot scoring {threshold} or more has at least one action.",
        "unmatched": "Actions that address no hotspot",
        "comparisons": "Comparisons between units",
        "comparison": "Comparison: {name}",
        "comparison_intro": "{labels} run the same process ({id}). The first is the reference.",
        "and": " and ",
        "about": "How to read this report",
        "definitions": [
            (
                "Lead time",
                "expected time from start to end per case, in working time (waiting "
                "plus work, rework included).",
            ),
            ("Work time", "the time someone actually works on the case."),
            (
                "Flow efficiency",
                "work time divided by lead time: the share of the time the case moves forward.",
            ),
            (
                "Handoff",
                "work moving from one role to another; across departments when the "
                "roles belong to different departments (an outside party counts as its own).",
            ),
            (
                "Hotspot",
                "a place where the process chafes, found by one of the analysis rules "
                "(skavmap hotspots --list); the score 0–100 compares across processes.",
            ),
            (
                "An action hits a hotspot",
                "when it names one of the hotspot's steps or its code; "
                "when it names both steps and codes, both must fit.",
            ),
        ],
        "generated": "Made with skavmap {version} from {files}.",
        "score_title": "Score {score} of 100",
    },
}


def plural(pair: tuple[str, str], n: int) -> str:
    return pair[0 if n == 1 else 1].format(n=n)
