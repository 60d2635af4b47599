"""What each rule finds and how it counts, in Swedish: the body of ``skavmap explain
--lang sv``.

The English is the rule's docstring (:mod:`skavmap.analysis.rules`); this is its
counterpart, rule by rule, with the same formulas and names in ````…```` (a test holds the
two to that). The summary line in Swedish is the rule's own (``@rule(..., sv=...)``).
"""

EXPLAIN: dict[str, str] = {
    "SKV101": """\
Slår till på varje kant i stegens graf där en överlämning mellan avdelningar landar:
kanten in till steget som tar emot, efter eventuella steg utan roll (``A → gateway → B``
markerar ``gateway → B``). Externa roller, och roller utan avdelning, räknas som egna
avdelningar; meddelandet markerar överlämningar till eller från en extern part.

Kostnad: steget som tar emot, utan sin ``wait`` (formatspecifikationens kontrafaktiska
fall för en överlämning): timmarna som arbetet väntar på den andra avdelningen, ``c`` ×
den väntan, där ``c`` är det förväntade antalet överlämningar mellan avdelningar per
ärende på den kanten.""",
    "SKV201": """\
Slår till en gång per slinga (en starkt sammanhängande grupp av steg). Dess extra timmar
är vad slingan kostar: den ledtid processen förlorar när varje gren som sluter slingan
har ``p: 0`` och beslutets övriga grenar skalas upp så att de blir 1 tillsammans
(specifikationens kontrafaktiska fall). Där ingen gren kan strykas så är det timmarna
utöver det första varvet: med ``r`` det förväntade antalet passager per ärende över
slingans omarbetskanter, ``e`` det förväntade antalet inträden i slingan utifrån
(starten räknas som ett när den ligger i slingan) och ``H`` de förväntade timmarna per
ärende i slingans steg börjar varje varv med ett inträde eller en omarbetspassage, så
``X = H × r / (e + r)``.

Kostnad: samma kontrafaktiska fall: ledtiden, arbetet och överlämningarna i de extra
varven.""",
    "SKV301": """\
Ett stegs andel är dess förväntade besök per ärende × (väntan + arbete) delat med
ledtiden (en delprocess räknar sin egen ledtid). Bara steget med störst andel slår till;
vid lika andelar det första av dem i filen.

Inne i ett parallellt block har ett steg det som blockets E[max] skulle förlora utan
det, så ett steg utanför den kritiska linjen är aldrig flaskhalsen.

Kostnad: steget utan sin ``wait`` (specifikationens kontrafaktiska fall). En lång väntan
(SKV303) i samma steg är samma skav och går in i den här skavpunkten.""",
    "SKV302": """\
Behöver processens ``volume`` och rollens ``capacity`` (personer, eller
heltidsekvivalenter). Beläggningen är ärenden per arbetstimme × rollens förväntade
arbete per ärende ÷ kapaciteten. Fyndet namnger rollen och räknar upp dess steg.

Inget kontrafaktiskt fall (köer modelleras inte). Vikt:
``60 + 160 × (utilisation − 0.85)``: 60 vid 85 %, 84 vid 100 %.""",
    "SKV303": """\
Slår till där ett stegs ``wait`` per besök är minst en arbetstimme och minst fyra gånger
dess ``work``: en timme är en timme, hur lång processens arbetsdag än är, och
meddelandet anger väntan i processens egna arbetsdagar och den andel av ledtiden den
har (inne i ett parallellt block bara det som blocket skulle förlora utan den).

Kostnad: steget utan sin ``wait`` (specifikationens kontrafaktiska fall): ``W``, de
förväntade väntetimmarna per ärende i steget (besök × väntan), eller, inne i ett
parallellt block, det som blockets E[max] förlorar. Där steget också är flaskhalsen
(SKV301) är de två en skavpunkt.""",
    "SKV401": """\
Slår till på varje steg med ``at`` (ett ``notify``-steg eller vilket schemalagt steg som
helst) vars tid ligger utanför ``calendar.hours`` (som standard 07:00-18:00; slutminuten
ligger utanför). ``h`` är avståndet i timmar från ``at`` till närmaste arbetstimme.

Inget kontrafaktiskt fall (påminnelsen går ut på dagen i stället: inga timmar ändras).
Vikt: ``(40 + 8 × h) × v``, med ``v`` de förväntade besöken per ärende (högst 1): 80
klockan 02:00 i varje ärende.""",
    "SKV501": """\
Slår till på ett steg markerat ``manual: true``, och på ett steg med roll och system dit
arbetet når från ett steg vars system inte delar något med dess (ett steg utan roll är
en automatisk överföring mellan system, inte en person som skriver). Steg utan system
är genomskinliga: bytet räknas från det senaste steget med system dessförinnan.

Kostnad: ett manuellt steg utan sitt ``work`` (specifikationens kontrafaktiska fall).
Ett byte som inte är markerat manuellt har inget kontrafaktiskt fall; dess vikt är
``35 × n``, med ``n`` de förväntade ankomsterna per ärende från steg med andra
system.""",
    "SKV601": """\
Slår till på varje steg med ``pain``. Meddelandet citerar rapporten med flest röster
(den först skrivna vid lika) och räknar de övriga.

Skavet går in i stegets dyraste skavpunkt, med sina röster och sitt citat bredvid;
ensamt har det inget kontrafaktiskt fall. Vikt: ``10 × reports + 5 × votes``, rösterna
summerade över stegets rapporter (en rapport utan ``votes`` har en).""",
    "SKV701": """\
Ett godkännande är ett steg med roll vars eget id eller namn (stegets, inte rollens)
innehåller någon av stammarna attest, godkän, godkan, beslut, bevilj, tillstyrk, approv
eller sign. Godkännanden står i rad när det ena leder direkt till nästa, eller bara via
steg utan roll. Varje sammanhängande rad med ``k`` ≥ 2 godkännanden slår till en gång,
med sina steg i filens ordning.

Kostnad: varje godkännande efter det första utan sin ``wait`` och sitt ``work``
(skavmaps kontrafaktiska fall: det första godkännandet beslutar för hela kedjan).""",
    "SKV702": """\
Slår till på ett steg med två eller fler ``forms``. Med ``f`` antalet blanketter och
``v`` stegets förväntade besök per ärende (blanketterna fylls i vid varje besök):

Inget kontrafaktiskt fall (blanketternas tid ingår i stegets arbete). Vikt:
``15 × f × v``: 45 för tre blanketter en gång per ärende.""",
    "SKV801": """\
Gränsen är en andel av den gamla ledtiden (``"10%"``) eller en tid (``"1d"``). Slår till
en gång per ändrad fil vars förväntade ledtid per ärende har ökat mer än så.

Nyckeln i konfigurationen: ``max-lead-time-increase``.""",
    "SKV802": """\
Gränsen är en andel av den gamla arbetstiden (``"10%"``) eller en tid (``"15m"``).

Nyckeln i konfigurationen: ``max-work-time-increase``.""",
    "SKV803": """\
Gränsen är en andel av det gamla antalet (``"10%"``) eller ett tal (``0.5``).

Nyckeln i konfigurationen: ``max-handoffs-increase``.""",
    "SKV804": """\
``max-cross-department-handoffs-increase`` är en andel av det gamla antalet
(``"10%"``) eller ett tal (``0``: inga fler).""",
    "SKV805": """\
Slår till för varje par av roller mellan vilka den nya versionen lämnar över arbete på
fler ställen än den gamla, och namnger ställena.

Gäller när ``allow-new-handoffs = false``.""",
    "SKV806": """\
Gäller när ``allow-new-cross-department-handoffs = false``.

Slår till för varje ny överlämning mellan avdelningar (varje extern part räknas som en
egen avdelning), och namnger rollerna, deras avdelningar och ställena.""",
    "SKV807": """\
Slår till för varje ny slinga (en ny cykel av omarbete) när ``allow-new-loops = false``.""",
    "SKV808": """\
Listan innehåller koder (``"SKV101"``), början av koder (``"SKV4"``) eller analysernas
namn, som ``select`` gör. Slår till för varje ny skavpunkt som någon av dem namnger.

Nyckeln i konfigurationen: ``forbid-new-hotspots``.""",
    "SKV901": """\
Slår till när den förväntade ledtiden per ärende (arbetstid, som ``skavmap hotspots``
redovisar den) är längre än ``max-lead-time``, en tid som ``"10d"``; en arbetsdag är
processens ``calendar.day``. Redovisas vid processen (rad 1).""",
    "SKV902": """\
Slår till när det förväntade handpåläggningsarbetet per ärende är längre än
``max-work-time``, en tid som ``"4h"``. Redovisas vid processen (rad 1).""",
    "SKV903": """\
Slår till när arbetstiden delad med ledtiden är lägre än ``min-flow-efficiency``,
skriven som en andel (``0.05``) eller en procentsats (``"5%"``). Redovisas vid processen
(rad 1).""",
    "SKV904": """\
Slår till när det förväntade antalet överlämningar per ärende (byten mellan roller,
slingor vägda efter hur ofta de körs) är högre än ``max-handoffs``. Redovisas vid
processen (rad 1).""",
    "SKV905": """\
Slår till när det förväntade antalet överlämningar mellan avdelningar per ärende (varje
extern roll en egen avdelning) är högre än gränsen. Redovisas vid processen (rad 1).

Nyckeln i konfigurationen: ``max-cross-department-handoffs``.""",
    "SKV906": """\
Slår till när processen har fler slingor (starkt sammanhängande grupper av steg) än
``max-loops``; ``max-loops = 0`` förbjuder slingor. Redovisas vid processen (rad 1).""",
    "SKV907": """\
Slår till för varje steg vars ``wait`` (per besök, som det står i filen) är längre än
``max-wait``, en tid som ``"2d"``. Redovisas vid steget.""",
}
